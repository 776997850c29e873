import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { fixture } from '../../helpers/documentFixtures.js';
import { seedPdf } from '../viewerHelpers.js';

/** Who and what a council's first session is made of: the province, its council with N, the people, the session, its papers. */

export const PROVINCE = 'Tỉnh Hà Tĩnh';
export const COUNCIL = 'Hội đồng nhân dân tỉnh Hà Tĩnh';
export const N = 12;
export const QUORUM = Math.ceil((N * 2) / 3);
export const COMMUNE = 'Xã Cẩm Xuyên';
export const ROOM = 'Phòng họp xã Cẩm Xuyên';
export const SESSION = 'Kỳ họp thứ nhất năm 2027';
export const OPENING = 'Phiên khai mạc';
export const SECOND = 'Phiên thảo luận';
export const ITEMS = ['Báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế – xã hội', 'Xem xét, thông qua nghị quyết về kế hoạch đầu tư công'];
export const DOCS = [
  { file: 'to-trinh-ke-hoach-dau-tu.pdf', title: 'Tờ trình về kế hoạch đầu tư công năm 2027', bytes: () => fixture('tap-tai-lieu-500-trang.pdf') },
  { file: 'du-thao-nghi-quyet.pdf', title: 'Dự thảo nghị quyết về kế hoạch đầu tư công', bytes: () => seedPdf('du-thao-nghi-quyet.pdf') },
];
export const POLL = 'Nghị quyết về kế hoạch đầu tư công năm 2027';

export const admin = { name: 'Nguyễn Văn Quản', login: 'quantri@hatinh.gov.vn', password: 'mat-khau-quan-tri' };
export const chair = { name: 'Lê Thị Chủ Tọa', login: 'chutoa@hatinh.gov.vn', password: 'mat-khau-chu-toa' };
export const secretary = { name: 'Trần Văn Thư Ký', login: 'thuky@hatinh.gov.vn', password: 'mat-khau-thu-ky' };
export const operator = { name: 'Phan Văn Vận Hành', login: 'diemcau@hatinh.gov.vn', password: 'mat-khau-diem-cau' };
/** N delegates: eleven from the CSV, one account made by hand in Tài khoản. */
export const GIVEN = ['An', 'Bình', 'Cường', 'Dung', 'Giang', 'Hải', 'Hạnh', 'Khoa', 'Lâm', 'Mai', 'Nam', 'Oanh'];
export const delegates = GIVEN.map((g, i) => ({ name: `${i % 2 ? 'Trần Thị' : 'Nguyễn Văn'} ${g}`, login: `daibieu${String(i + 1).padStart(2, '0')}@hatinh.gov.vn`, password: `mat-khau-dai-bieu-${i + 1}` }));
export const byHand = delegates[N - 1]!;
/** A delegate in the hall who checks in and votes on her own tablet. */
export const inHall = delegates[1]!;
/** A delegate whose membership names the commune's meeting point. */
export const atRoom = delegates[2]!;
export const CSV = [
  'STT;Họ và tên;Đơn vị;Vai trò;Email;Điện thoại',
  `1;${chair.name};;chủ tọa;${chair.login};`,
  `2;${secretary.name};;thư ký;${secretary.login};`,
  ...delegates.slice(0, N - 1).map((d, i) => `${i + 3};${d.name};${d === atRoom ? COMMUNE : ''};đại biểu;${d.login};`),
].join('\r\n');

/** Every text run of a PDF, joined by single spaces. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: bytes, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: VerbosityLevel.ERRORS }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    for (const item of (await (await doc.getPage(i)).getTextContent()).items) if ('str' in item) parts.push(item.str);
  }
  await doc.destroy();
  return parts.join(' ').replace(/\s+/g, ' ');
}
