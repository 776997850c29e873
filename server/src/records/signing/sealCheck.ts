import { X509Certificate } from 'node:crypto';
import type { SealCheckView, SealSetupView } from '../../../../contract/records.js';
import { certificateFingerprint, holderOf, nameField } from '../../signing/certificates.js';
import { SigningError } from '../../signing/errors.js';
import type { SealSettings } from '../../signing/settings.js';
import { requestTimestamp } from '../../signing/tsa/tsaClient.js';
import { chainToAnchors } from '../../signing/verify/chain.js';
import { openSealSigner } from './sealSigner.js';

const date = (d: Date) => d.toLocaleDateString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' });
const DEVELOPMENT_WHERE = 'Tệp khóa thử nghiệm trên máy chủ (tự ký, chỉ dùng khi phát triển, không có giá trị pháp lý)';

/** Where the seal's key is, in words (no PIN or token). */
function whereOf(seal: SealSettings | null): string {
  if (!seal) return DEVELOPMENT_WHERE;
  if (seal.key.kind === 'pkcs11') return `Thiết bị ký số PKCS#11 (token/HSM) «${seal.key.pkcs11.tokenLabel}», khóa «${seal.key.pkcs11.keyLabel}»`;
  return `Dịch vụ ký số từ xa ${new URL(seal.key.csc.baseUrl).host}, chứng thư «${seal.key.csc.credentialId}»`;
}

/** The council's seal as configured: what an administrator reads before the first signature. */
export function sealSetup(councilId: string, seal: SealSettings | null, anchors: readonly X509Certificate[]): SealSetupView {
  return {
    councilId,
    seal: { kind: seal ? seal.key.kind : 'development', where: whereOf(seal) },
    timestampUrl: seal?.tsa?.url ?? null,
    level: !seal ? 'development' : !seal.tsa ? 'B-B' : seal.ltv === 'off' ? 'B-T' : seal.lta ? 'B-LTA' : 'B-LT',
    trustAnchors: anchors.map((a) => ({ commonName: nameField(a.subject, 'CN') ?? a.subject, validTo: new Date(a.validTo).toISOString() })),
  };
}

/**
 * Tries the seal without signing a document: opens the key (the token, or the remote
 * credential: its certificate read, its PIN/OTP needs checked), checks its certificate's dates
 * and its chain to the trust anchors, and asks the timestamp authority for a timestamp of a
 * test value. Every finding is a sentence; nothing is stored.
 */
export async function checkSeal(seal: SealSettings | null, anchors: readonly X509Certificate[], now = new Date()): Promise<SealCheckView> {
  if (!seal) {
    return { status: 'warning', certificate: null, sentences: [
      `Con dấu: ${DEVELOPMENT_WHERE}.`,
      'Biên bản ký bằng tệp này không được công nhận là chữ ký số của cơ quan. Hãy cấu hình SIGNING_PKCS11_MODULE (token/HSM) hoặc SIGNING_CSC_URL (dịch vụ ký số từ xa) với chứng thư số của cơ quan.',
    ] };
  }
  const sentences = [`Con dấu: ${whereOf(seal)}.`];
  let signer;
  try {
    signer = await openSealSigner(seal.key);
  } catch (err) {
    return { status: 'error', certificate: null, sentences: [...sentences, `Không mở được khóa con dấu: ${err instanceof SigningError ? err.message : 'lỗi không xác định'}.`] };
  }
  let status: SealCheckView['status'] = 'ok';
  let certificate: SealCheckView['certificate'];
  try {
    const leaf = new X509Certificate(signer.chain[0]!);
    const pool = signer.chain.slice(1).map((der) => new X509Certificate(der));
    const { commonName, organisation } = holderOf(leaf);
    const validTo = new Date(leaf.validTo);
    const daysLeft = Math.floor((validTo.getTime() - now.getTime()) / 86_400_000);
    const chain = chainToAnchors(leaf, pool, anchors, now);
    certificate = { commonName, organisation, issuer: nameField(leaf.issuer, 'CN'), validFrom: new Date(leaf.validFrom).toISOString(), validTo: validTo.toISOString(), fingerprint: certificateFingerprint(signer.chain[0]!), trusted: chain.trusted };
    sentences.push(`Mở được khóa con dấu. Chứng thư: ${commonName ?? '(không tên)'}${organisation ? ` (${organisation})` : ''}, do ${certificate.issuer ?? '(không rõ)'} cấp, hiệu lực đến ${date(validTo)}.`);
    if (daysLeft < 0) { status = 'error'; sentences.push('Chứng thư đã hết hạn: không ký được văn bản có giá trị.'); }
    else if (daysLeft < 30) { status = 'warning'; sentences.push(`Chứng thư còn ${daysLeft} ngày: hãy xin gia hạn.`); }
    if (chain.trusted) sentences.push(`Chuỗi chứng thư tới gốc tin cậy: ${chain.path.join(' → ')}.`);
    else {
      if (status === 'ok') status = 'warning';
      sentences.push(anchors.length === 0 ? 'Chưa cấu hình gốc tin cậy (SIGNING_TRUST_ANCHORS): không kiểm tra được chuỗi chứng thư.' : `Chứng thư không chuỗi tới gốc tin cậy: ${chain.problem ?? ''}`.trim());
    }
  } finally {
    await signer.close();
  }
  if (!seal.tsa) {
    if (status === 'ok') status = 'warning';
    sentences.push('Chưa cấu hình máy chủ cấp dấu thời gian (SIGNING_TSA_URL): chữ ký chỉ đạt mức PAdES B-B.');
  } else {
    try {
      await requestTimestamp(Buffer.from(`kiểm tra con dấu ${now.toISOString()}`), seal.tsa);
      sentences.push(`Máy chủ cấp dấu thời gian trả lời (${new URL(seal.tsa.url).host}): chữ ký đạt mức PAdES B-T.`);
    } catch (err) {
      status = 'error';
      sentences.push(err instanceof SigningError ? err.message : 'Máy chủ cấp dấu thời gian không trả lời.');
    }
  }
  return { status, sentences, certificate };
}
