import { Schema, type InferSchemaType } from 'mongoose';

/** A hierarchy scheme: `two-level-2025` (in force) or `three-level` (older records). */
export const SchemeSchema = new Schema({
  code: { type: String, required: true, unique: true },
  name: { type: String, required: true },
  validFrom: { type: Date, required: true },
  validTo: { type: Date, default: null },
});

/** A level (cấp) of a scheme; depth 1 is the province. */
export const LevelSchema = new Schema({
  code: { type: String, required: true, unique: true },
  scheme: { type: String, required: true },
  name: { type: String, required: true },
  depth: { type: Number, required: true },
});

/** A unit type (loại đơn vị) at a level: tỉnh, thành phố, huyện, xã, phường, đặc khu… */
export const UnitTypeSchema = new Schema({
  code: { type: String, required: true, unique: true },
  level: { type: String, required: true },
  name: { type: String, required: true },
});

export type Scheme = InferSchemaType<typeof SchemeSchema>;
export type Level = InferSchemaType<typeof LevelSchema>;
export type UnitType = InferSchemaType<typeof UnitTypeSchema>;
