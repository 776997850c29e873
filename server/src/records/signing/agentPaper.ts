import type { KeyObject } from 'node:crypto';
import type { AppError } from '../../platform/errors.js';
import type { SignatureRoom } from '../../platform/pdf/official.js';
import type { PadesFieldInfo } from '../../signing/pdf/pades.js';

/**
 * A council paper handed to a desktop signing agent (agentTicket.ts): the minutes of a sitting
 * (minutesAgentPaper.ts) or the resolution of a poll (resolutions/resolutionAgentPaper.ts).
 * The ticket, its token, the check of the upload and the seal are the same for both; what the
 * paper says is how it is rendered, when it may be signed and how the signed file is kept.
 */

/** Who signs through the agent. */
export interface AgentSigner { userId: string; role: 'secretariat' | 'chair' }

/** Which paper a ticket is for, as the ticket stores it. */
export interface PaperRef { paper: 'minutes' | 'resolution'; sittingId: string; pollId: string | null }

/** The paper's final PDF for the agent: numbered, the signer's block, no signature field. */
export interface PreparedPaper {
  pdf: Uint8Array;
  /** The signer's block: the seal is drawn there, over the agent's signature. */
  room: SignatureRoom | null;
  /** The prepared file's name in GridFS. */
  fileName: string;
  councilId: string;
}

/** What the seal over the agent's signature needs, and how the sealed file is kept. */
export interface PaperSeal {
  council: { _id: unknown; name: string };
  /** The council's file key (the development PDF identity derives from it); null when it is on a token. */
  privateKey: KeyObject | null;
  field: PadesFieldInfo;
  /** Stores the sealed file as the signed paper, audited with `audit` added; false when another signing recorded first. */
  store(pdf: Buffer, audit: Record<string, unknown>): Promise<boolean>;
  /** Tells the rest of the server (pages, portal) that the paper is signed. */
  announce(): void;
}

export interface AgentPaper {
  readonly ref: PaperRef;
  /** Runs `task` in the paper's signing queue (a signing does not interleave with an edit or another signing). */
  queue<T>(task: () => Promise<T>): Promise<T>;
  isSigned(): Promise<boolean>;
  alreadySigned(): AppError;
  /** Checks that `revision` may be signed now and renders the final PDF (the number is taken here). */
  prepare(signer: AgentSigner, revision: number, signedAt: Date): Promise<PreparedPaper>;
  /** At the upload: the same checks again for the ticket's revision, and what sealing and storing need. */
  toSeal(signer: AgentSigner, revision: number, signedAt: Date): Promise<PaperSeal>;
}
