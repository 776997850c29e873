import { featureAt, type Feature } from './features.js';
import type { MessageKey } from './i18n/index.js';

/** The pages the client serves, as read from the address. */
export type Page =
  | { name: 'home' }
  /** Kỳ họp: agenda and sittings, with a link to each screen the user's roles open. */
  | { name: 'session'; sessionId: string }
  /** Máy tính bảng đại biểu. */
  | { name: 'tablet'; sittingId: string }
  /** Bàn điều hành của chủ tọa. */
  | { name: 'chair'; sittingId: string }
  /** Văn phòng: agenda editing and attendance. */
  | { name: 'prepare'; sessionId: string }
  /** Màn hình hội trường: the projector. */
  | { name: 'hall'; sittingId: string }
  /** Góp ý dự thảo: every comment of the session, with responses (secretariat, chair). */
  | { name: 'comments'; sessionId: string }
  /** Tài liệu kỳ họp: the sessions, each leading to its dossier. */
  | { name: 'dossiers' }
  /** Hồ sơ kỳ họp: the session's documents, kept on the tablet for offline reading. */
  | { name: 'dossier'; sessionId: string }
  /** Đọc tài liệu: one document version in the viewer. */
  | { name: 'viewer'; sessionId: string; documentId: string }
  /** Họp trực tuyến: the sitting's video briefing (main hall, meeting point or viewer). */
  | { name: 'room'; sittingId: string }
  /** Phòng họp trực tuyến: the briefings the user's meeting point (or council) can join. */
  | { name: 'briefings' }
  /** Biên bản phiên họp: the minutes (draft, edits, signing), exports and verification. */
  | { name: 'records'; sittingId: string }
  /** Nghị quyết: an adopted resolution (draft, edits, the chair's signing). */
  | { name: 'resolution'; pollId: string }
  /** Triệu tập kỳ họp: notice and invitations, sending them, who opened what (secretariat, chair). */
  | { name: 'convening'; sessionId: string }
  /** Quản trị: units, councils, members, meeting points, delegate import (admins). */
  | { name: 'admin' }
  /** Khởi tạo: the first administrator of an empty system (shown instead of the sign-in page). */
  | { name: 'firstRun' }
  /** Đặt mật khẩu: a password set with a one-time code (signed in or not). */
  | { name: 'setPassword' }
  /** Theo dõi phiên họp: a signed-in guest's or journalist's sittings, live, and the documents granted to them. */
  | { name: 'observer' }
  /** A role's home shortcut that needs a session first. */
  | { name: 'pick'; purpose: 'chair' | 'prepare' }
  | { name: 'soon'; feature: Feature }
  /** Cổng thông tin công khai (no sign-in): the councils, a council's calendar, a sitting, a document, the delegates. */
  | { name: 'portal' }
  | { name: 'portalCouncil'; councilId: string }
  | { name: 'portalSitting'; sittingId: string }
  | { name: 'portalDocument'; sittingId: string; documentId: string }
  | { name: 'portalDelegates'; councilId: string }
  | { name: 'notFound' };

/** The public portal's pages: open to anyone, signed in or not. */
export const isPortalPage = (page: Page): boolean => page.name.startsWith('portal');

const ID = '([0-9a-f]{24})';
const patterns: Array<[RegExp, (id: string) => Page]> = [
  [new RegExp(`^/ky-hop/${ID}$`), (sessionId) => ({ name: 'session', sessionId })],
  [new RegExp(`^/phien-hop/${ID}$`), (sittingId) => ({ name: 'tablet', sittingId })],
  [new RegExp(`^/dieu-hanh/${ID}$`), (sittingId) => ({ name: 'chair', sittingId })],
  [new RegExp(`^/chuan-bi/${ID}$`), (sessionId) => ({ name: 'prepare', sessionId })],
  [new RegExp(`^/man-hinh/${ID}$`), (sittingId) => ({ name: 'hall', sittingId })],
  [new RegExp(`^/gop-y/${ID}$`), (sessionId) => ({ name: 'comments', sessionId })],
  [new RegExp(`^/hop-truc-tuyen/${ID}$`), (sittingId) => ({ name: 'room', sittingId })],
  [new RegExp(`^/bien-ban/${ID}$`), (sittingId) => ({ name: 'records', sittingId })],
  [new RegExp(`^/nghi-quyet/${ID}$`), (pollId) => ({ name: 'resolution', pollId })],
  [new RegExp(`^/trieu-tap/${ID}$`), (sessionId) => ({ name: 'convening', sessionId })],
  [new RegExp(`^/cong-khai/hoi-dong/${ID}$`), (councilId) => ({ name: 'portalCouncil', councilId })],
  [new RegExp(`^/cong-khai/phien-hop/${ID}$`), (sittingId) => ({ name: 'portalSitting', sittingId })],
  [new RegExp(`^/cong-khai/dai-bieu/${ID}$`), (councilId) => ({ name: 'portalDelegates', councilId })],
];

export function pageAt(rawPath: string): Page {
  const path = rawPath.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'home' };
  for (const [re, make] of patterns) {
    const m = re.exec(path);
    if (m?.[1]) return make(m[1]);
  }
  const doc = new RegExp(`^/tai-lieu/${ID}(?:/${ID})?$`).exec(path);
  if (doc?.[1]) return doc[2] ? { name: 'viewer', sessionId: doc[1], documentId: doc[2] } : { name: 'dossier', sessionId: doc[1] };
  if (path === '/tai-lieu') return { name: 'dossiers' };
  const publicDoc = new RegExp(`^/cong-khai/phien-hop/${ID}/tai-lieu/${ID}$`).exec(path);
  if (publicDoc?.[1] && publicDoc[2]) return { name: 'portalDocument', sittingId: publicDoc[1], documentId: publicDoc[2] };
  if (path === '/cong-khai') return { name: 'portal' };
  if (path === '/khoi-tao') return { name: 'firstRun' };
  if (path === '/dat-mat-khau') return { name: 'setPassword' };
  if (path === '/dieu-hanh') return { name: 'pick', purpose: 'chair' };
  if (path === '/chuan-bi') return { name: 'pick', purpose: 'prepare' };
  if (path === '/hop-truc-tuyen') return { name: 'briefings' };
  if (path === '/quan-tri') return { name: 'admin' };
  if (path === observerPath()) return { name: 'observer' };
  const feature = featureAt(path);
  return feature ? { name: 'soon', feature } : { name: 'notFound' };
}

/** The heading-like title of a page, for the document title. */
export function pageTitle(page: Page): MessageKey {
  switch (page.name) {
    case 'home': return 'home.title';
    case 'session': return 'page.session';
    case 'tablet': return 'page.tablet';
    case 'chair': return 'page.chair';
    case 'prepare': return 'page.prepare';
    case 'hall': return 'page.hall';
    case 'comments': return 'page.comments';
    case 'room': return 'page.room';
    case 'briefings': return 'feature.operator';
    case 'records': return 'page.records';
    case 'resolution': return 'page.resolution';
    case 'convening': return 'page.convening';
    case 'dossiers': return 'page.dossiers';
    case 'dossier': return 'page.dossier';
    case 'viewer': return 'page.viewer';
    case 'admin': return 'page.admin';
    case 'observer': return 'feature.observer';
    case 'firstRun': return 'page.firstRun';
    case 'setPassword': return 'page.setPassword';
    case 'pick': return page.purpose === 'chair' ? 'feature.chair' : 'feature.secretariat';
    case 'soon': return page.feature.label;
    case 'portal': return 'portal.title';
    case 'portalCouncil': return 'portal.calendar.title';
    case 'portalSitting': return 'portal.sitting.title';
    case 'portalDocument': return 'page.viewer';
    case 'portalDelegates': return 'portal.delegates.title';
    case 'notFound': return 'notFound.title';
  }
}

export const sessionPath = (id: string) => `/ky-hop/${id}`;
export const tabletPath = (id: string) => `/phien-hop/${id}`;
export const chairPath = (id: string) => `/dieu-hanh/${id}`;
export const preparePath = (id: string) => `/chuan-bi/${id}`;
export const hallPath = (id: string) => `/man-hinh/${id}`;
export const commentsPath = (sessionId: string) => `/gop-y/${sessionId}`;
export const roomPath = (sittingId: string) => `/hop-truc-tuyen/${sittingId}`;
export const briefingsPath = () => '/hop-truc-tuyen';
export const recordsPath = (sittingId: string) => `/bien-ban/${sittingId}`;
export const resolutionPath = (pollId: string) => `/nghi-quyet/${pollId}`;
export const conveningPath = (sessionId: string) => `/trieu-tap/${sessionId}`;
export const dossiersPath = () => '/tai-lieu';
export const observerPath = () => '/theo-doi';
export const dossierPath = (sessionId: string) => `/tai-lieu/${sessionId}`;
/** A document in the viewer, optionally at a page (`#trang=N`). */
export const viewerPath = (sessionId: string, documentId: string, page?: number) => `/tai-lieu/${sessionId}/${documentId}${page ? `#trang=${page}` : ''}`;
export const portalPath = () => '/cong-khai';
export const portalCouncilPath = (councilId: string) => `/cong-khai/hoi-dong/${councilId}`;
export const portalSittingPath = (sittingId: string) => `/cong-khai/phien-hop/${sittingId}`;
export const portalDocumentPath = (sittingId: string, documentId: string) => `/cong-khai/phien-hop/${sittingId}/tai-lieu/${documentId}`;
export const portalDelegatesPath = (councilId: string) => `/cong-khai/dai-bieu/${councilId}`;
