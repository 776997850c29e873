import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Types, type Connection } from 'mongoose';
import { PDFDocument } from 'pdf-lib';
import type { Models } from '../app/models.js';
import { filesBucket, uploadToGridFS } from '../platform/storage.js';
import type { SeedDoc, SeedLedger } from './ledger.js';
import type { DemoSessions } from './session.js';

/** Sample PDFs shipped inside the repository (next to this file), never read from elsewhere. */
const PDF_DIR = new URL('./pdfs/', import.meta.url);

type DocKind = 'submission' | 'draft_resolution' | 'review_report' | 'other';
interface DocSpec { file: string; title: string; kind: DocKind; access: 'public' | 'council'; session: 'upcoming' | 'past'; item: string }

const DOCUMENTS: DocSpec[] = [
  {
    file: 'du-thao-nghi-quyet.pdf', kind: 'draft_resolution', access: 'council', session: 'upcoming', item: 'policy-submission',
    title: 'Dự thảo Nghị quyết quy định chính sách hỗ trợ cán bộ, công chức, người lao động cấp xã sau sắp xếp đơn vị hành chính',
  },
  {
    file: 'bao-cao-tham-tra.pdf', kind: 'review_report', access: 'council', session: 'upcoming', item: 'review',
    title: 'Báo cáo thẩm tra của Ban Pháp chế về dự thảo Nghị quyết chính sách hỗ trợ cấp xã',
  },
  {
    file: 'du-thao-nghi-quyet.pdf', kind: 'draft_resolution', access: 'public', session: 'past', item: 'past-vote',
    title: 'Nghị quyết về kế hoạch phát triển kinh tế – xã hội (bản trình kỳ họp)',
  },
];

interface PdfFacts { bytes: Buffer; sha256: string; pages: number }

async function readPdf(file: string): Promise<PdfFacts> {
  const bytes = await readFile(new URL(file, PDF_DIR));
  const pdf = await PDFDocument.load(bytes, { ignoreEncryption: false, updateMetadata: false });
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), pages: pdf.getPageCount() };
}

/**
 * Each document gets its own GridFS file, even when two share the same sample PDF:
 * a document's file is deleted with it, and a revision replaces only its own.
 */
export async function seedDocuments(models: Models, conn: Connection, ledger: SeedLedger, sessions: DemoSessions): Promise<void> {
  const bucket = filesBucket(conn);
  const facts = new Map<string, PdfFacts>();
  for (const file of new Set(DOCUMENTS.map((d) => d.file))) facts.set(file, await readPdf(file));

  // One upload at a time: each is registered for rollback before the next can fail.
  const docs: SeedDoc[] = [];
  for (const d of DOCUMENTS) {
    const pdf = facts.get(d.file)!;
    const agendaItemId = sessions.items.get(d.item);
    if (!agendaItemId) throw new Error(`demo document ${d.file} names an unknown agenda item ${d.item}`);
    const fileId = await uploadToGridFS(bucket, d.file, pdf.bytes, { contentType: 'application/pdf', sha256: pdf.sha256 });
    ledger.onRollback(() => bucket.delete(fileId));
    docs.push({
      _id: new Types.ObjectId(), sessionId: d.session === 'upcoming' ? sessions.upcomingId : sessions.pastId, agendaItemId,
      title: d.title, kind: d.kind, access: d.access, fileId, fileName: d.file, sha256: pdf.sha256, bytes: pdf.bytes.length, pages: pdf.pages,
    });
  }
  await ledger.insert(models.Document, docs);
}
