import { Schema } from 'mongoose';

/**
 * What the viewer reads to draw each page of one document version (structure/pageReads.ts),
 * recorded at upload: chunk size, then per page [start, end) pairs, as little-endian uint32
 * (`index` has pages + 1 entries into `spans`). Its own collection, so listing documents
 * never carries it.
 */
export const DocumentPagesSchema = new Schema({
  documentId: { type: Schema.Types.ObjectId, required: true, unique: true },
  chunk: { type: Number, required: true },
  index: { type: Buffer, required: true },
  spans: { type: Buffer, required: true },
}, { timestamps: false, versionKey: false });
