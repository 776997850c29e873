import { z } from 'zod';
import { Id } from './common.js';

/**
 * Minutes and records (biên bản và hồ sơ lưu trữ): the minutes of a sitting generated from
 * what happened, edited by the secretariat, signed with the council's Ed25519 key; exports
 * (PDF, CSV, the session's archive bundle) and their verification.
 */

/** One delegate's attendance as the minutes state it. */
export const MinutesAttendanceRow = z.object({
  userId: z.string(),
  name: z.string(),
  /** `not_recorded`: a delegate of the council nobody checked in (counted absent). */
  status: z.enum(['hall', 'online', 'absent_excused', 'absent', 'not_recorded']),
  meetingPoint: z.string().nullable(),
  reason: z.string().nullable(),
  at: z.string().nullable(),
});
export type MinutesAttendanceRow = z.infer<typeof MinutesAttendanceRow>;

/** An agenda item as held: when the chair moved to it and when to the next one (or the close). */
export const HeldItem = z.object({
  itemId: z.string(),
  order: z.number().int(),
  title: z.string(),
  kind: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationSeconds: z.number().int().nullable(),
});
export type HeldItem = z.infer<typeof HeldItem>;

/** A turn at the floor, from the sitting's audit chain. */
export const SpeechRecord = z.object({
  userId: z.string(),
  name: z.string(),
  /** `question` when the turn carried a question (chất vấn) to a named official. */
  kind: z.enum(['speech', 'debate', 'question']),
  official: z.string().nullable(),
  agendaItemId: z.string().nullable(),
  agendaTitle: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationSeconds: z.number().int().nullable(),
});
export type SpeechRecord = z.infer<typeof SpeechRecord>;

export const QuestionRecord = z.object({
  id: z.string(),
  askedByName: z.string(),
  official: z.string(),
  status: z.string(),
  answer: z.object({ mode: z.string(), text: z.string() }).nullable(),
  commitments: z.array(z.object({ text: z.string(), dueDate: z.string().nullable() })),
  durationSeconds: z.number().int().nullable(),
});
export type QuestionRecord = z.infer<typeof QuestionRecord>;

/** One closed round of a poll: counts for every poll, names only for open (named) polls. */
export const PollRecord = z.object({
  pollId: z.string(),
  title: z.string(),
  kind: z.string(),
  secret: z.boolean(),
  round: z.number().int(),
  electedTotal: z.number().int(),
  threshold: z.string(),
  requiredYes: z.number().int().nullable(),
  issued: z.number().int().nullable(),
  ballots: z.number().int(),
  invalid: z.number().int().nullable(),
  didNotVote: z.number().int(),
  counts: z.array(z.object({ label: z.string(), count: z.number().int(), outcome: z.string().optional() })),
  outcome: z.string().nullable(),
  confidence: z.array(z.object({ label: z.string(), high: z.number().int(), medium: z.number().int(), low: z.number().int(), lowShareOfN: z.string(), consequence: z.string() })).optional(),
  named: z.array(z.object({ name: z.string(), choices: z.array(z.string()) })).optional(),
  closedAt: z.string().nullable(),
  hash: z.string(),
  /** The agenda item the poll belongs to (absent in records generated before it was kept). */
  agendaItemId: z.string().nullable().optional(),
});
export type PollRecord = z.infer<typeof PollRecord>;

export const PresentedDocument = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.string(),
  version: z.number().int(),
  fileName: z.string(),
  sha256: z.string(),
  bytes: z.number().int(),
});
export type PresentedDocument = z.infer<typeof PresentedDocument>;

/** Everything the minutes are generated from, as it stood when they were generated. */
export const MinutesData = z.object({
  council: z.object({ id: z.string(), name: z.string(), electedTotal: z.number().int() }),
  session: z.object({ id: z.string(), title: z.string(), venue: z.string() }),
  sitting: z.object({ id: z.string(), title: z.string(), closedDoors: z.boolean(), status: z.string() }),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  attendance: z.array(MinutesAttendanceRow),
  quorum: z.object({ electedTotal: z.number().int(), required: z.number().int(), present: z.number().int(), met: z.boolean() }),
  agenda: z.array(HeldItem),
  speeches: z.array(SpeechRecord),
  questions: z.array(QuestionRecord),
  polls: z.array(PollRecord),
  documents: z.array(PresentedDocument),
  audit: z.object({ chain: z.string(), entries: z.number().int(), head: z.string().nullable(), intact: z.boolean() }),
  generatedAt: z.string(),
  /**
   * Who presided (the chair who opened the sitting, from its audit chain) and who keeps the
   * minutes (the secretary who generated them); absent in records generated before.
   */
  officials: z.object({ chair: z.string().nullable(), secretary: z.string().nullable() }).optional(),
});
export type MinutesData = z.infer<typeof MinutesData>;

/** The key that signs: Ed25519, public key as base64 SPKI DER, fingerprint = sha256 of that DER. */
export const SignatureKey = z.object({
  algorithm: z.literal('Ed25519'),
  publicKey: z.string().max(200),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
});
export type SignatureKey = z.infer<typeof SignatureKey>;

/** What a signature covers: the file's hash and who signed for which council. */
export const SignaturePayload = z.object({
  purpose: z.enum(['minutes', 'bundle_manifest', 'resolution']),
  file: z.object({ name: z.string().max(300), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().min(0) }),
  council: z.object({ id: z.string().max(64), name: z.string().max(300) }),
  signer: z.object({ userId: z.string().max(64), name: z.string().max(300), role: z.string().max(40) }),
  /** pollId: a resolution's adopting vote. */
  subject: z.object({ sessionId: z.string().max(64), sittingId: z.string().max(64).nullable(), revision: z.number().int().nullable(), pollId: z.string().max(64).optional() }),
  signedAt: z.string().max(40),
  key: SignatureKey,
});
export type SignaturePayload = z.infer<typeof SignaturePayload>;

/**
 * A signature file (`….sig.json`): the payload and an Ed25519 signature over its canonical
 * JSON (keys sorted), base64. Self-contained, so it verifies offline.
 */
export const SignatureRecord = z.object({
  format: z.literal('hdnd-signature/1'),
  payload: SignaturePayload,
  signature: z.string().max(200),
});
export type SignatureRecord = z.infer<typeof SignatureRecord>;

export const MinutesRevisionView = z.object({
  revision: z.number().int(),
  kind: z.enum(['generated', 'edited']),
  text: z.string(),
  textSha256: z.string(),
  byName: z.string(),
  at: z.string(),
  note: z.string(),
});
export type MinutesRevisionView = z.infer<typeof MinutesRevisionView>;

export const MinutesSignatureView = z.object({
  revision: z.number().int(),
  fileName: z.string(),
  sha256: z.string(),
  bytes: z.number().int(),
  signedAt: z.string(),
  signerName: z.string(),
  signerRole: z.string(),
  fingerprint: z.string(),
});
export type MinutesSignatureView = z.infer<typeof MinutesSignatureView>;

/** GET /api/sittings/:id/minutes — the draft for the staff, the signed minutes for delegates. */
export const MinutesView = z.object({
  sittingId: z.string(),
  sessionId: z.string(),
  sittingTitle: z.string(),
  sittingStatus: z.string(),
  status: z.enum(['none', 'draft', 'signed']),
  revision: z.number().int(),
  text: z.string(),
  /** The first generated text of the current draft line, kept beside every edit. */
  generatedText: z.string(),
  generatedAt: z.string().nullable(),
  data: MinutesData.nullable(),
  /** Without their text (GET …/minutes/revisions for that). */
  revisions: z.array(MinutesRevisionView.omit({ text: true })),
  signature: MinutesSignatureView.nullable(),
  /** What this user may do. */
  canEdit: z.boolean(),
  canSign: z.boolean(),
});
export type MinutesView = z.infer<typeof MinutesView>;

export const MinutesEdit = z.object({
  /** The revision the edit was made on: a stale one is refused (someone else edited meanwhile). */
  baseRevision: z.number().int().min(1),
  text: z.string().trim().min(1).max(500_000),
  note: z.string().trim().max(500).default(''),
});
export type MinutesEdit = z.infer<typeof MinutesEdit>;

export const MinutesSign = z.object({
  revision: z.number().int().min(1),
  /** The signer's own PIN and OTP for their certificate at the remote signing service, when it asks for them; never stored or logged. */
  pin: z.string().min(1).max(64).optional(),
  otp: z.string().min(1).max(16).optional(),
});

/**
 * How the person signing the minutes signs with their own certificate (SIGNING_PERSON_CSC_* or
 * SIGNING_PERSON_SMARTCA_*): null when only the council's seal is applied. `problem` says, in
 * Vietnamese, why their credential cannot be used now (then nothing can be signed until it is fixed).
 */
export const PersonSigningView = z.object({
  /** Their id at the service: the CSC credential, or the SmartCA user_id. */
  credentialId: z.string(),
  asks: z.object({ pin: z.boolean(), otp: z.boolean(), otpOnline: z.boolean() }),
  /**
   * How they approve each signature: `typed` (the PIN/OTP in `asks`, in the dialog) or `phone`
   * (a confirmation in the service's phone app; signing then waits for it, up to 3 minutes).
   */
  approval: z.enum(['typed', 'phone']),
  /** The phone app that asks them, when the service is known ("VNPT SmartCA"); null otherwise. */
  app: z.string().nullable(),
  certificate: z.object({ commonName: z.string(), notAfter: z.string() }).nullable(),
  problem: z.string().nullable(),
});
export type PersonSigningView = z.infer<typeof PersonSigningView>;
export const MinutesSignOptions = z.object({ person: PersonSigningView.nullable() });

/**
 * Who signs the council's documents as a person (its chair and secretariat members) and their
 * credential at the remote signing service (SIGNING_PERSON_CSC_URL): the id an administrator
 * set, or the one the pattern gives from their login. `service` is null when person signing
 * is not configured.
 */
export const SignerRow = z.object({
  userId: z.string(), displayName: z.string(), login: z.string(), roles: z.array(z.enum(['chair', 'secretariat'])),
  /** Set by an administrator; null: the pattern applies. */
  credentialId: z.string().nullable(),
  /** What signing uses (null when the service is not configured). */
  effectiveCredentialId: z.string().nullable(),
});
export type SignerRow = z.infer<typeof SignerRow>;
export const SignersView = z.object({ service: z.string().nullable(), pattern: z.string(), signers: z.array(SignerRow) });
export type SignersView = z.infer<typeof SignersView>;
export const SignerCredentialBody = z.object({
  credentialId: z.string().trim().max(200).nullable().transform((v) => (v ? v : null)),
});
export const SignerParams = z.object({ id: Id, userId: Id });
export type MinutesSignOptions = z.infer<typeof MinutesSignOptions>;

/**
 * The hand-off to a desktop signing agent (a USB token on the signer's PC): POST
 * /api/sittings/:id/minutes/agent-ticket (the minutes) or /api/polls/:pollId/resolution/agent-ticket
 * (a resolution) answers a one-time token and where the agent downloads the prepared PDF and
 * uploads it signed (absolute URLs, from the request's origin). The same shapes for both papers.
 */
export const AgentTicketRequest = z.object({ revision: z.number().int().min(1) });
export const AgentTicket = z.object({
  ticketId: z.string(),
  /** 32 random bytes, base64url: the only authority of the download and the upload; shown once, never stored. */
  token: z.string(),
  downloadUrl: z.string(),
  uploadUrl: z.string(),
  /** The same two URLs in the agent's link (hdnd-kyso://sign?download=…&upload=…&expires=…). */
  agentUrl: z.string(),
  expiresAt: z.string(),
});
export type AgentTicket = z.infer<typeof AgentTicket>;
export const AgentTicketStatus = z.object({ ticketId: z.string(), status: z.enum(['pending', 'done', 'expired']), expiresAt: z.string() });
export type AgentTicketStatus = z.infer<typeof AgentTicketStatus>;
export const AgentTicketParams = z.object({ id: Id, ticketId: Id });
export const PollAgentTicketParams = z.object({ pollId: Id, ticketId: Id });
/** The agent's token in its URLs: 43 base64url characters. */
export const AgentTokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

/** One file's verdict in a verification. */
export const FileVerdict = z.object({ file: z.string(), ok: z.boolean(), problem: z.string().nullable() });
export type FileVerdict = z.infer<typeof FileVerdict>;

/**
 * The signature embedded in a minutes PDF (the one a PDF reader shows; minutes signed before
 * it existed have none: `present` false, which is no failure). `registered` (REST only):
 * whether its certificate is the PDF certificate registered to the council whose Ed25519 key
 * signed the file; null when that cannot be said (offline, or no embedded signature).
 */
export const EmbeddedSignatureVerdict = z.object({
  present: z.boolean(),
  ok: z.boolean(),
  commonName: z.string().nullable(),
  fingerprint: z.string().nullable(),
  problem: z.string().nullable(),
  registered: z.boolean().nullable(),
  /**
   * The (first) embedded signature checked against the trust anchors (the server's
   * SIGNING_TRUST_ANCHORS over REST) — the PAdES level reached, whether the chain reaches an
   * anchor, the timestamp's time, whether a development signer made it, and the report in
   * Vietnamese; null when there is no embedded signature.
   */
  details: z.object({
    level: z.enum(['B-B', 'B-T', 'B-LT', 'B-LTA']).nullable(),
    trusted: z.boolean(),
    timestampAt: z.string().nullable(),
    development: z.boolean(),
    sentences: z.array(z.string()),
  }).nullable(),
});
export type EmbeddedSignatureVerdict = z.infer<typeof EmbeddedSignatureVerdict>;

/** POST /api/records/verify and the CLI: what was checked, what failed (by file), who signed. */
export const VerifyResult = z.object({
  ok: z.boolean(),
  kind: z.enum(['minutes', 'bundle', 'unknown']),
  files: z.array(FileVerdict),
  signer: SignaturePayload.shape.signer.nullable(),
  council: SignaturePayload.shape.council.nullable(),
  signedAt: z.string().nullable(),
  fingerprint: z.string().nullable(),
  /** A minutes PDF's embedded signature; null for a bundle (its minutes are checked as files). */
  embedded: EmbeddedSignatureVerdict.nullable(),
  /** REST only: the council whose registered key this is, or null when the key is unknown here. */
  registeredTo: z.object({ councilId: z.string(), name: z.string() }).nullable(),
});
export type VerifyResult = z.infer<typeof VerifyResult>;

export const SigningKeyView = z.object({
  councilId: z.string(), councilName: z.string(), algorithm: z.literal('Ed25519'), publicKey: z.string(), fingerprint: z.string(), createdAt: z.string(),
  /** The certificate that signs inside the minutes PDFs (self-signed, RSA-2048), once the council has signed with it. */
  pdfCertificate: z.object({ pem: z.string(), fingerprint: z.string() }).nullable(),
});
export type SigningKeyView = z.infer<typeof SigningKeyView>;

/**
 * How a council's documents are sealed, as configured on the server (no secret in it): the
 * seal's key (the development file, a PKCS#11 token or HSM, or a remote signing service), the
 * timestamp authority, and the trust anchors that verification checks chains against.
 */
export const SealSetupView = z.object({
  councilId: z.string(),
  seal: z.object({ kind: z.enum(['development', 'pkcs11', 'csc']), where: z.string() }),
  /** The RFC 3161 timestamp authority's address; null: signatures are B-B, without a timestamp. */
  timestampUrl: z.string().nullable(),
  /** The PAdES level the minutes reach (the development file signer: not PAdES). */
  level: z.enum(['development', 'B-B', 'B-T', 'B-LT', 'B-LTA']),
  trustAnchors: z.array(z.object({ commonName: z.string(), validTo: z.string() })),
});
export type SealSetupView = z.infer<typeof SealSetupView>;

/** The result of trying the seal without signing anything: the key opened, its certificate, its chain, the timestamp authority. */
export const SealCheckView = z.object({
  status: z.enum(['ok', 'warning', 'error']),
  /** What was found, one sentence each, in Vietnamese. */
  sentences: z.array(z.string()),
  certificate: z.object({
    commonName: z.string().nullable(), organisation: z.string().nullable(), issuer: z.string().nullable(),
    validFrom: z.string(), validTo: z.string(), fingerprint: z.string(), trusted: z.boolean(),
  }).nullable(),
});
export type SealCheckView = z.infer<typeof SealCheckView>;

export const TallyRecordQuery = z.object({ round: z.coerce.number().int().min(1).max(1000).optional() });
export const PollIdParams = z.object({ pollId: Id });
