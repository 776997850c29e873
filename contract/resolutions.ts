import { z } from 'zod';

/**
 * Resolutions (nghị quyết) adopted by a council: for every resolution poll that PASSED, the
 * secretariat drafts the text of the resolution in the official format (Decree 30/2020), the
 * chair (Chủ tịch HĐND) signs it as a person and the council's seal follows, and the signed
 * PDF joins the records. The text is in the minutes' Markdown subset.
 */

export const ResolutionStatus = z.enum(['none', 'draft', 'signed']);
export type ResolutionStatus = z.infer<typeof ResolutionStatus>;

/** How the poll adopted it: yes votes against the elected total N. */
export const AdoptionView = z.object({
  yes: z.number().int(),
  no: z.number().int(),
  abstain: z.number().int(),
  electedTotal: z.number().int(),
  /** "quá nửa tổng số đại biểu", as the minutes word it. */
  thresholdText: z.string(),
  adoptedAt: z.string(),
});
export type AdoptionView = z.infer<typeof AdoptionView>;

/** One adopted resolution in the session's list. */
export const ResolutionSummary = z.object({
  pollId: z.string(),
  title: z.string(),
  sittingId: z.string(),
  sittingTitle: z.string(),
  adoption: AdoptionView,
  status: ResolutionStatus,
  /** "Số: 03/NQ-HĐND" once signed. */
  number: z.string().nullable(),
});
export type ResolutionSummary = z.infer<typeof ResolutionSummary>;

export const ResolutionList = z.object({
  items: z.array(ResolutionSummary),
  /** The secretariat may draft; the chair may sign. */
  canEdit: z.boolean(),
  canSign: z.boolean(),
});
export type ResolutionList = z.infer<typeof ResolutionList>;

export const ResolutionSignatureView = z.object({
  number: z.string(),
  revision: z.number().int(),
  fileName: z.string(),
  sha256: z.string(),
  bytes: z.number().int(),
  signedAt: z.string(),
  signerName: z.string(),
});
export type ResolutionSignatureView = z.infer<typeof ResolutionSignatureView>;

/** GET /api/polls/:pollId/resolution */
export const ResolutionView = z.object({
  pollId: z.string(),
  sessionId: z.string(),
  sittingId: z.string(),
  title: z.string(),
  adoption: AdoptionView,
  status: ResolutionStatus,
  revision: z.number().int(),
  text: z.string(),
  revisions: z.array(z.object({ revision: z.number().int(), kind: z.enum(['generated', 'edited']), byName: z.string(), at: z.string() })),
  signature: ResolutionSignatureView.nullable(),
  canEdit: z.boolean(),
  canSign: z.boolean(),
});
export type ResolutionView = z.infer<typeof ResolutionView>;

export const ResolutionEdit = z.object({
  /** The revision the edit was made on: a stale one is refused (someone else edited meanwhile). */
  baseRevision: z.number().int().min(1),
  text: z.string().trim().min(1).max(200_000),
});
export type ResolutionEdit = z.infer<typeof ResolutionEdit>;
