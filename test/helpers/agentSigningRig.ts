import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { verifyPdfSignatures } from '../../server/src/signing/verify/verifyPdf.js';
import { pyhankoValidate } from './pyhanko.js';
import { inkIn, renderPdfPage } from './pdfPage.js';
import type { TestServer } from './testServer.js';
import { SEAL_SUBJECT, startSigningFixture, type SigningFixture } from './signingFixture.js';

/**
 * What the desktop-agent tests share (the minutes' and a resolution's, on the server and in the
 * browser): the signing fixture with the council's seal on its SoftHSM2 token and the test root
 * as the trust anchor, the server's settings for them, and the checks of a file the agent and
 * then the seal signed.
 */

/** The signing fixture in `dir`, with the seal 'con-dau-hdnd' (RSA) on the token; its chain and the anchors written beside. */
export async function startAgentFixture(dir: string): Promise<SigningFixture> {
  const fx = await startSigningFixture(dir);
  writeFileSync(join(dir, 'seal-chain.pem'), await fx.sealKey('con-dau-hdnd', 'rsa'));
  writeFileSync(join(dir, 'anchors.pem'), fx.pki.rootPem);
  return fx;
}

/** The server's environment: the seal on the token, the timestamp authority, the test root trusted. */
export const agentServerEnv = (dir: string, fx: SigningFixture): Record<string, string> => ({
  SIGNING_KEY_DIR: join(dir, 'keys'), SIGNING_PKCS11_MODULE: fx.token.module, SIGNING_PKCS11_TOKEN_LABEL: fx.token.tokenLabel, SIGNING_PKCS11_PIN: fx.token.pin,
  SIGNING_PKCS11_KEY_LABEL: 'con-dau-hdnd', SIGNING_CERT_CHAIN: join(dir, 'seal-chain.pem'), SIGNING_TSA_URL: fx.tsa.url, SIGNING_TRUST_ANCHORS: join(dir, 'anchors.pem'),
});

/** `signed` holds `signerName`'s timestamped signature then the seal's, both valid and trusted; the seal is the last. */
export function expectSignerThenSeal(signed: Buffer, fx: SigningFixture, signerName: string): void {
  const [person, seal, ...others] = verifyPdfSignatures(signed, { anchors: fx.anchors });
  expect(others).toHaveLength(0);
  // Timestamped (B-T), B-LT with the validation data appended after the seal, B-LTA with an archive timestamp over it.
  const timestamped = expect.stringMatching(/^B-(T|LT|LTA)$/);
  expect(person).toMatchObject({ valid: true, level: timestamped, signer: { commonName: signerName }, chain: { trusted: true }, coverage: { laterSignatures: 1 } });
  expect(seal).toMatchObject({ valid: true, level: timestamped, signer: { commonName: SEAL_SUBJECT.commonName }, chain: { trusted: true }, coverage: { laterSignatures: 0 } });
}

/** pyHanko judges both signatures of `signed` VALID (the signer's named), and the update after the signer's a signing operation. */
export async function expectPyhankoSignerThenSeal(signed: Buffer, dir: string, name: string, signerName: string): Promise<void> {
  writeFileSync(join(dir, name), signed);
  const report = await pyhankoValidate(join(dir, name), join(dir, 'anchors.pem'));
  expect(report.match(/The signature is judged VALID\./g)).toHaveLength(2);
  expect(report).toContain(`Common Name: ${signerName}`);
  expect(report).toContain('All modifications relate to signing and form filling operations');
}

/** The seal is drawn in red over the signer's block that ticket `ticketId` kept (rendered with poppler; `shot` names the image). */
export async function expectSealOverSignerBlock(server: TestServer, ticketId: string, signed: Buffer, shot: string): Promise<void> {
  const ticket = await server.deps.models.SigningTicket.findById(ticketId).lean<{ sealRoom: { page: number; x: number; y: number; width: number; height: number } | null }>();
  const room = ticket!.sealRoom!;
  const page = renderPdfPage(signed, room.page + 1, shot);
  expect(inkIn(page, { x: room.x - 60, y: room.y - 60, width: room.width + 120, height: room.height + 120 }, 'red')).toBeGreaterThan(200);
}
