import { availableParallelism } from 'node:os';
import { errors, type AppError } from '../platform/errors.js';
import { IsolatePool, type IsolateLimits } from '../platform/shared/isolate.js';
import type { PdfFacts, PdfRefusal, PdfVerdict } from './pdfFacts.js';

export type { PdfFacts };

/** Inspections at once: each may use its whole heap limit and a core. */
const inspections = new IsolatePool<{ path: string; length: number }, PdfVerdict>(new URL('./inspectWorker.ts', import.meta.url), Math.max(1, availableParallelism()));

const refusal: Record<PdfRefusal, () => AppError> = {
  encrypted: errors.documentEncrypted,
  damaged: errors.documentDamaged,
  no_pages: errors.documentNoPages,
};

/**
 * Reads an uploaded PDF (its first bytes already checked to be `%PDF-`) in an isolate of its
 * own (pdfFacts.ts runs in a worker thread with `limits`): a file that makes pdf.js loop,
 * exhaust memory or throw from a callback ends that isolate, and the upload is refused with
 * the user-facing error. Answers the page count and scripts, or throws that error.
 */
export async function inspectPdf(path: string, length: number, limits: IsolateLimits): Promise<PdfFacts> {
  const outcome = await inspections.run({ path, length }, limits);
  if (!outcome.ok) throw errors.documentUnreadable(outcome.failure === 'timeout' ? Math.round(limits.timeoutMs / 1000) : null);
  if (!outcome.value.ok) throw refusal[outcome.value.reason]();
  return outcome.value.facts;
}
