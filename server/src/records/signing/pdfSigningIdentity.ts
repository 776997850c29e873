import { hkdfSync, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Deps } from '../../app/deps.js';
import { KeyedQueue } from '../../platform/shared/keyedQueue.js';
import { certificateOfP12, createPdfIdentity, type PdfCertificate } from './pdfCertificate.js';
import { recordErrors } from '../errors.js';

/** What signs the PDF itself: the PKCS#12 bytes, its password, and the certificate as registered. */
export interface PdfIdentity {
  p12: Buffer;
  password: string;
  certificate: PdfCertificate;
}

const queue = new KeyedQueue();
const isCode = (err: unknown, code: string) => (err as { code?: string }).code === code;

export const p12FileOf = (dir: string, councilId: string) => join(resolve(dir), `${councilId}.pdf-signing.p12`);

/**
 * The PKCS#12 password, derived (HKDF-SHA256) from the council's Ed25519 private key, so it is
 * stored nowhere: whoever holds the key directory holds both anyway, and it never reaches the
 * database or a log.
 */
export function p12Password(ed25519: KeyObject, councilId: string): string {
  const secret = ed25519.export({ type: 'pkcs8', format: 'der' });
  return Buffer.from(hkdfSync('sha256', secret, councilId, 'hdnd-pdf-signing-p12/1', 32)).toString('base64url');
}

async function readP12(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (err) {
    if (isCode(err, 'ENOENT')) return null;
    throw recordErrors.keyUnreadable(path);
  }
}

/** Writes a new identity, never over an existing file (another process may have won: read that). */
async function createP12(dir: string, path: string, councilName: string, password: string): Promise<Buffer> {
  await mkdir(resolve(dir), { recursive: true, mode: 0o700 });
  const { p12 } = createPdfIdentity(councilName, password);
  try {
    await writeFile(path, p12, { mode: 0o600, flag: 'wx' });
    await chmod(path, 0o600);
    return p12;
  } catch (err) {
    if (!isCode(err, 'EEXIST')) throw err;
    return (await readP12(path))!;
  }
}

/**
 * The council's PDF-signing identity, created on first use next to its Ed25519 key (mode
 * 0600); only the certificate and its fingerprint are registered, on the council's
 * SigningKey record (which councilKey has made). A registered certificate whose file is gone
 * or differs is refused, as for the Ed25519 key.
 */
export function councilPdfIdentity(deps: Deps, council: { _id: unknown; name: string }, ed25519: KeyObject): Promise<PdfIdentity> {
  const councilId = String(council._id);
  return queue.run(councilId, async () => {
    const path = p12FileOf(deps.config.SIGNING_KEY_DIR, councilId);
    const password = p12Password(ed25519, councilId);
    const registered = (await deps.models.SigningKey.findById(councilId, { pdfCertificate: 1 }).lean())?.pdfCertificate ?? null;
    let p12 = await readP12(path);
    if (!p12) {
      if (registered) throw recordErrors.pdfKeyMissing(path, registered.fingerprint);
      p12 = await createP12(deps.config.SIGNING_KEY_DIR, path, council.name, password);
    }
    let certificate: PdfCertificate;
    try { certificate = certificateOfP12(p12, password); } catch { throw recordErrors.pdfKeyMismatch(path, registered?.fingerprint ?? '?'); }
    if (registered) {
      if (registered.fingerprint !== certificate.fingerprint) throw recordErrors.pdfKeyMismatch(path, registered.fingerprint);
      return { p12, password, certificate };
    }
    await deps.models.SigningKey.updateOne({ _id: councilId, pdfCertificate: null }, { $set: { pdfCertificate: { ...certificate, createdAt: new Date() } } });
    const now = (await deps.models.SigningKey.findById(councilId, { pdfCertificate: 1 }).lean())?.pdfCertificate;
    if (now?.fingerprint !== certificate.fingerprint) throw recordErrors.pdfKeyMismatch(path, now?.fingerprint ?? '?');
    return { p12, password, certificate };
  });
}
