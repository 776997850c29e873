import { Schema, type InferSchemaType } from 'mongoose';

/** An administrative unit (đơn vị hành chính) with validity dates and lineage. */
export const UnitSchema = new Schema({
  name: { type: String, required: true },
  code: { type: String, default: null },
  unitType: { type: String, required: true },
  parentId: { type: Schema.Types.ObjectId, default: null, index: true },
  validFrom: { type: Date, required: true },
  validTo: { type: Date, default: null },
  /** Merged into / split from / renamed from another unit, with the date it happened. */
  lineage: [{ _id: false, kind: { type: String, required: true }, unitId: { type: Schema.Types.ObjectId, required: true }, date: { type: Date, required: true } }],
}, { timestamps: true });

export type Unit = InferSchemaType<typeof UnitSchema>;
