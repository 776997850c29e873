import type { SignatureReport } from './report.js';

/**
 * A signature report in Vietnamese sentences, as the app and records:verify show it: the
 * verdict first, then who signed, the path to the trusted root, what the signature covers,
 * the signature value, the timestamp, the archive's document timestamp and the PAdES level.
 */

const time = (d: Date) => `${d.toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour12: false })} (giờ Việt Nam, ${d.toISOString()})`;

export function describeSignature(r: SignatureReport): string[] {
  const out: string[] = [];
  const verdict = r.valid ? 'HỢP LỆ' : r.intact ? 'TOÀN VẸN NHƯNG CHƯA ĐƯỢC TIN CẬY' : 'KHÔNG HỢP LỆ';
  out.push(`Chữ ký số thứ ${r.index}: ${verdict}.`);
  if (r.development) out.push('Cảnh báo: chữ ký do bộ ký tệp PKCS#12 (chứng thư tự cấp) tạo, chỉ dùng cho phát triển, không có giá trị pháp lý.');
  if (r.signer) {
    const who = [r.signer.commonName, r.signer.organisation && r.signer.organisation !== r.signer.commonName ? `thuộc ${r.signer.organisation}` : null].filter(Boolean).join(', ');
    out.push(`Người ký: ${who || r.signer.subject} (chứng thư SHA-256 ${r.signer.fingerprint}).`);
  } else {
    out.push('Người ký: không xác định được.');
  }
  out.push(r.chain.trusted ? `Chuỗi chứng thư: ${r.chain.path.join(' → ')}, tới gốc tin cậy.` : `Chuỗi chứng thư: ${r.chain.path.join(' → ') || '—'}; ${r.chain.problem ?? 'không chuỗi tới gốc tin cậy'}.`);
  const rev = r.revocation;
  if (rev?.revoked) out.push(`Tình trạng thu hồi chứng thư: chứng thư "${rev.revoked}" ĐÃ BỊ THU HỒI trước thời điểm ký, theo danh sách thu hồi (CRL) trong tệp.`);
  else if (rev?.checked) out.push(`Tình trạng thu hồi chứng thư: không bị thu hồi tại thời điểm ký, theo danh sách thu hồi (CRL) của ${rev.issuers.join(', ')} lưu trong tệp (DSS).`);
  else if (rev) out.push('Tình trạng thu hồi chứng thư: danh sách thu hồi (CRL) lưu trong tệp không đủ cho cả chuỗi chứng thư.');
  else if (r.chain.trusted) out.push('Tình trạng thu hồi chứng thư: chưa kiểm tra (tệp không kèm CRL/OCSP).');
  const cov = r.coverage;
  out.push(!cov.wellFormed ? 'Phạm vi ký: vùng ký (ByteRange) không hợp lệ.'
    : cov.wholeFile ? 'Phạm vi ký: chữ ký bao trùm toàn bộ tệp.'
    : cov.validationDataOnly ? `Phạm vi ký: chữ ký bao trùm toàn bộ văn bản; sau đó chỉ bổ sung dữ liệu kiểm tra dài hạn (chứng thư và danh sách thu hồi, DSS${r.archiveTimestamp ? '; dấu thời gian lưu trữ' : ''}; ${cov.appendedBytes} byte), không thay đổi nội dung.`
    : cov.changedAfter ? `Phạm vi ký: có ${cov.appendedBytes} byte được thêm vào sau chữ ký này, và văn bản đã bị THAY ĐỔI sau khi ký: ${cov.changedAfter}.`
    : `Phạm vi ký: có ${cov.appendedBytes} byte được thêm vào sau chữ ký này${cov.laterSignatures ? ` (gồm ${cov.laterSignatures} chữ ký số sau; ngoài chữ ký và dữ liệu kiểm tra, nội dung không thay đổi)` : ' (không phải chữ ký số: nội dung đã được bổ sung sau khi ký)'}.`);
  out.push(r.digestMatches ? 'Giá trị băm (message digest): khớp với nội dung được ký.' : 'Giá trị băm (message digest): KHÔNG khớp — nội dung đã bị thay đổi sau khi ký.');
  out.push(r.signatureValid ? `Giá trị chữ ký: hợp lệ (${r.algorithm ?? '?'}).` : `Giá trị chữ ký: KHÔNG hợp lệ${r.algorithm ? ` (${r.algorithm})` : ''}.`);
  if (r.claimedTime) out.push(`Thời điểm ký do người ký khai (/M): ${time(r.claimedTime)}.`);
  const ts = r.timestamp;
  if (!ts) out.push('Dấu thời gian: không có.');
  else if (ts.ok && ts.time) out.push(`Dấu thời gian: ${time(ts.time)}, cấp bởi ${ts.authority ?? '?'}; khớp với giá trị chữ ký, chuỗi tới gốc tin cậy.`);
  else out.push(`Dấu thời gian: KHÔNG hợp lệ — ${ts.problem ?? '?'}.`);
  const archive = r.archiveTimestamp;
  if (archive?.ok && archive.time) out.push(`Dấu thời gian lưu trữ (B-LTA): HỢP LỆ, lúc ${time(archive.time)} do ${archive.authority ?? '?'} cấp.`);
  else if (archive) out.push(`Dấu thời gian lưu trữ (B-LTA): KHÔNG HỢP LỆ — ${archive.problem ?? '?'}.`);
  if (r.signingTimeAttribute) out.push('Chữ ký có thuộc tính signing-time, điều PAdES baseline không cho phép.');
  out.push(r.level ? `Mức PAdES đạt được: ${r.level} (${r.subFilter}).` : `Không phải chữ ký PAdES baseline (${r.subFilter ?? 'không rõ SubFilter'}${r.essSigningCertificate ? '' : ', thiếu thuộc tính signing-certificate-v2'}).`);
  for (const p of r.problems) if (!out.some((s) => s.includes(p))) out.push(`Vấn đề: ${p}.`);
  return out;
}
