import { z } from 'zod';
import { Id } from './common.js';

/**
 * Convening a session (triệu tập kỳ họp): the notice (thông báo) and one invitation (giấy
 * mời) per invitee in the format of Decree 30/2020/NĐ-CP, sent by e-mail and shown in the
 * product, with who has opened the invitation and each document.
 */

const Line = z.string().trim().max(200);

/** What the secretariat asks: (re)generate the papers, and optionally send them. */
export const ConveningRequest = z.object({
  /** The number of the notice and invitations ("15" → "Số: 15/TB-HĐND"); default: the council's next. */
  number: z.string().trim().regex(/^[0-9]{1,6}$/, 'digits only, e.g. 15').optional(),
  /** The place in the date line ("Ninh Bình, ngày …"); default: the unit's name. */
  place: Line.optional(),
  /** The signer's position, one line per row ("TM. THƯỜNG TRỰC HĐND\nCHỦ TỊCH"). */
  signerTitle: z.string().trim().max(300).optional(),
  signerName: Line.optional(),
  /** Send the e-mails now (to those not sent yet). */
  send: z.boolean().default(false),
  /** "Gửi lại": send again to those already sent (all, or only `userIds`). */
  resend: z.boolean().default(false),
  /** Limit sending to these invitees. */
  userIds: z.array(Id).max(2000).optional(),
}).strict();
export type ConveningRequest = z.input<typeof ConveningRequest>;

export const InviteeRole = z.enum(['chair', 'delegate', 'observer']);
export type InviteeRole = z.infer<typeof InviteeRole>;

/** One invitee as the secretariat sees them. */
export const InviteeView = z.object({
  invitationId: z.string(),
  userId: z.string(),
  displayName: z.string(),
  role: InviteeRole,
  /** Where the e-mail goes; null when the account has no address. */
  email: z.string().nullable(),
  sentAt: z.string().nullable(),
  /** Why the last sending failed (cleared by a later success). */
  sendError: z.string().nullable(),
  /** First time the invitee opened the invitation (PDF or card). */
  openedAt: z.string().nullable(),
});
export type InviteeView = z.infer<typeof InviteeView>;

/** Who has opened one document (its current version): opened or not, and when first. */
export const DocumentReadView = z.object({
  documentId: z.string(),
  title: z.string(),
  readers: z.array(z.object({ userId: z.string(), displayName: z.string(), openedAt: z.string().nullable() })),
});
export type DocumentReadView = z.infer<typeof DocumentReadView>;

export const ConveningView = z.object({
  sessionId: z.string(),
  sessionTitle: z.string(),
  /** Whether this user may generate and send (the secretariat; the chair only looks). */
  canConvene: z.boolean(),
  /** Whether e-mail is set up (SMTP_HOST…): otherwise invitations are shown in the product only. */
  mailConfigured: z.boolean(),
  /** Null until the papers are generated. */
  notice: z.object({ number: z.string(), noticeNumber: z.string(), invitationNumber: z.string(), place: z.string(), issuedAt: z.string(), signerTitle: z.string(), signerName: z.string(), generatedAt: z.string() }).nullable(),
  invitees: z.array(InviteeView),
  documents: z.array(DocumentReadView),
  /** Of the last sending, if this request sent: how many went and how many failed. */
  lastSend: z.object({ sent: z.number().int(), failed: z.number().int(), skipped: z.number().int() }).nullable(),
});
export type ConveningView = z.infer<typeof ConveningView>;

/** One invitation as its invitee sees it on the home page. */
export const MyInvitation = z.object({
  id: z.string(),
  sessionId: z.string(),
  sessionTitle: z.string(),
  councilName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  venue: z.string(),
  number: z.string(),
  openedAt: z.string().nullable(),
});
export type MyInvitation = z.infer<typeof MyInvitation>;

/** `GET /api/invitations/:id.pdf`. */
export const InvitationPdfParams = z.object({ id: Id });
