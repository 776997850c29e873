import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import type { TestPki } from './testPki.js';

/**
 * A small RFC 3161 timestamp authority on loopback for the signing tests: it answers POSTed
 * application/timestamp-query bodies with `openssl ts -reply`, signed by the test PKI's TSA
 * certificate (ESS cert id SHA-256, the TSA's name and chain included).
 */

const run = promisify(execFile);

export interface TestTsa {
  url: string;
  /** How many timestamps it has issued. */
  issued(): number;
  /** Answers `n` more requests, then refuses every one (HTTP 503) until called with null. */
  answerOnly(n: number | null): void;
  stop(): Promise<void>;
}

export async function startTestTsa(pki: TestPki): Promise<TestTsa> {
  const dir = pki.dir;
  writeFileSync(join(dir, 'tsaserial'), '01\n');
  const config = join(dir, 'tsa.cnf');
  writeFileSync(config, [
    '[ tsa ]', 'default_tsa = tsa1', '[ tsa1 ]',
    `serial = ${join(dir, 'tsaserial')}`, 'crypto_device = builtin',
    `signer_cert = ${pki.tsa.certPath}`, `certs = ${pki.tsa.chainPath}`, `signer_key = ${pki.tsa.keyPath}`,
    'signer_digest = sha256', 'default_policy = 1.3.6.1.4.1.99999.1.1', 'digests = sha256, sha384, sha512',
    'accuracy = secs:1', 'ordering = no', 'tsa_name = yes', 'ess_cert_id_chain = no', 'ess_cert_id_alg = sha256', '',
  ].join('\n'));
  let count = 0;
  let left: number | null = null;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/timestamp-query') {
        res.writeHead(400).end();
        return;
      }
      if (left !== null && left-- <= 0) {
        res.writeHead(503).end();
        return;
      }
      const n = ++count;
      const query = join(dir, `q${n}.tsq`);
      const reply = join(dir, `r${n}.tsr`);
      writeFileSync(query, Buffer.concat(chunks));
      run('openssl', ['ts', '-reply', '-config', config, '-queryfile', query, '-out', reply]).then(
        () => res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(readFileSync(reply)),
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`,
    issued: () => count,
    answerOnly: (n) => { left = n; },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
