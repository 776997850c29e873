import { createServer, type IncomingMessage } from 'node:http';
import { createHash, randomUUID, X509Certificate, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { rsaPkcs1SignDigest } from '../rsaPrehash.js';

/**
 * TEST DOUBLE, used by the SmartCA tests only: VNPT SmartCA's own API ("SmartCA 769") on
 * loopback, at `{url}/v1/…` with url ending in /sca/sp769 as VNPT's. Strict where the real one
 * is (sp_id/sp_password on every call, the certificate's serial number, a SHA-256 hash in hex,
 * file_type pdf and sign_type hash), careless where a real one might be (its error text echoes
 * the sp_password sent, to prove the client never repeats it). It answers with its own
 * transaction id, and each user's transactions go as the test says (`answers`): approved
 * after some pendings, declined, expired, never answered, or signed over another hash.
 * Keys are RSA, signed PKCS#1 v1.5 over the hash as SmartCA does.
 */

export interface SmartcaTestUser { userId: string; key: KeyObject; chain: Buffer[]; serial?: string; status?: string }
export type SmartcaAnswer =
  | { kind: 'approve' | 'decline' | 'expire' | 'other-hash'; pendings?: number }
  | { kind: 'never' };

export interface SmartcaTestTransaction { userId: string; tranId: string; hash: string; docId: string; description: string; polls: number; answer: SmartcaAnswer }

export interface SmartcaTestService {
  /** The base before /v1. */
  url: string;
  /** The endpoints asked, in order (`signatures/sign/:id/status` for a status). */
  calls: string[];
  transactions: SmartcaTestTransaction[];
  /** userId → how their next transactions go (default: approved after one pending). */
  answers: Map<string, SmartcaAnswer>;
  add(user: SmartcaTestUser): void;
  stop(): Promise<void>;
}

type Body = Record<string, unknown>;
type Reply = { status_code: number; message: string; data: unknown };
const ok = (data: unknown, message = 'SUCCESS'): Reply => ({ status_code: 200, message, data });
const fail = (status_code: number, message: string): Reply => ({ status_code, message, data: null });
/** Base64 in 64-character lines with CRLF, as the samples strip it ("cert_data.Replace(\"\\r\\n\", \"\")"). */
const wrapped = (der: Buffer) => der.toString('base64').replace(/(.{64})/g, '$1\r\n');

export async function startSmartcaTestService(options: { spId: string; spPassword: string; users: SmartcaTestUser[] }): Promise<SmartcaTestService> {
  const users = new Map(options.users.map((u) => [u.userId, u]));
  const byTran = new Map<string, SmartcaTestTransaction>();
  const serialOf = (u: SmartcaTestUser) => u.serial ?? new X509Certificate(u.chain[0]!).serialNumber.toLowerCase();
  const service: Omit<SmartcaTestService, 'url' | 'stop'> = {
    calls: [], transactions: [], answers: new Map(),
    add: (user) => void users.set(user.userId, user),
  };

  function answer(path: string, body: Body): Reply {
    if (body.sp_id !== options.spId || body.sp_password !== options.spPassword) return fail(401, `Invalid sp_id or sp_password: ${String(body.sp_id)}/${String(body.sp_password)}`);
    if (path === 'credentials/get_certificate') {
      const user = users.get(String(body.user_id));
      if (!user) return fail(400, `Không tìm thấy thông tin thuê bao ${String(body.user_id)}`);
      const cert = new X509Certificate(user.chain[0]!);
      return ok({ user_certificates: [{
        service_type: 'SMARTCA', service_name: 'SmartCA cá nhân', cert_id: `cert-${user.userId}`, cert_status: user.status ?? 'ACTIVE',
        serial_number: serialOf(user), cert_subject: cert.subject.replaceAll('\n', ', '), cert_valid_from: new Date(cert.validFrom).toISOString(),
        cert_valid_to: new Date(cert.validTo).toISOString(), cert_data: wrapped(user.chain[0]!),
        chain_data: { ca_cert: user.chain[1] ? wrapped(user.chain[1]) : null, root_cert: null }, transaction_id: body.transaction_id,
      }] });
    }
    if (path === 'signatures/sign') {
      const user = users.get(String(body.user_id));
      if (!user) return fail(400, `Không tìm thấy thông tin thuê bao ${String(body.user_id)}`);
      if (body.serial_number !== serialOf(user)) return fail(400, `Invalid serial_number ${String(body.serial_number)}`);
      const files = Array.isArray(body.sign_files) ? (body.sign_files as Body[]) : [];
      const file = files[0];
      if (files.length !== 1 || !file || !/^[0-9a-f]{64}$/i.test(String(file.data_to_be_signed)) || file.file_type !== 'pdf' || file.sign_type !== 'hash' || !file.doc_id) return fail(400, 'Invalid sign_files');
      if (typeof body.transaction_id !== 'string' || !body.transaction_id) return fail(400, 'Invalid transaction_id');
      const tran: SmartcaTestTransaction = {
        userId: user.userId, tranId: randomUUID(), hash: String(file.data_to_be_signed).toLowerCase(), docId: String(file.doc_id),
        description: String(body.transaction_desc ?? ''), polls: 0, answer: service.answers.get(user.userId) ?? { kind: 'approve', pendings: 1 },
      };
      byTran.set(tran.tranId, tran);
      service.transactions.push(tran);
      return ok({ transaction_id: tran.tranId, tran_code: `TC${tran.tranId.slice(0, 8).toUpperCase()}` });
    }
    const status = /^signatures\/sign\/([^/]+)\/status$/.exec(path);
    if (!status) return fail(404, 'Unknown endpoint');
    const tran = byTran.get(decodeURIComponent(status[1]!));
    if (!tran) return fail(404, 'Transaction not found');
    tran.polls++;
    const pending = ok({ transaction_id: tran.tranId, signatures: null }, 'PENDING');
    if (tran.answer.kind === 'never' || tran.polls <= (tran.answer.pendings ?? 0)) return pending;
    if (tran.answer.kind === 'decline') return ok({ transaction_id: tran.tranId, signatures: null }, 'REJECTED');
    if (tran.answer.kind === 'expire') return ok({ transaction_id: tran.tranId, signatures: null }, 'EXPIRED');
    const hash = Buffer.from(tran.hash, 'hex');
    const signed = tran.answer.kind === 'other-hash' ? createHash('sha256').update(hash).update('văn bản khác').digest() : hash;
    const value = rsaPkcs1SignDigest(users.get(tran.userId)!.key, signed, 'SHA-256').toString('base64');
    return ok({ transaction_id: tran.tranId, signatures: [{ doc_id: tran.docId, signature_value: value, timestamp_signature: null }] });
  }

  const server = createServer((req, res) => {
    readJson(req).then((body) => {
      const path = (req.url ?? '').replace(/^\/sca\/sp769\/v1\//, '');
      service.calls.push(path.replace(/^signatures\/sign\/[^/]+\/status$/, 'signatures/sign/:id/status'));
      const reply = req.method === 'POST' ? answer(path, body) : fail(405, 'POST only');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    }).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(service, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sca/sp769`,
    stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  });
}

async function readJson(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Body;
}
