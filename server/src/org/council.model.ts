import { Schema, type InferSchemaType } from 'mongoose';

const RulesSchema = new Schema({
  quorumNumerator: { type: Number, default: 2 },
  quorumDenominator: { type: Number, default: 3 },
  firstSpeechSeconds: { type: Number, default: 420 },
  followUpSeconds: { type: Number, default: 180 },
  maxSpeechesPerTopic: { type: Number, default: 2 },
  dossierDeadlineDays: { type: Number, default: 7 },
  onlineCountsForQuorum: { type: Boolean, default: true },
  /** A delegate may attend online from their own device; a dropped device counts for this many seconds. */
  personalDevices: { type: Boolean, default: true },
  onlineGraceSeconds: { type: Number, default: 120 },
  /** A delegate checking in while a round is open is issued a ballot (secret / named polls). */
  lateBallotsSecret: { type: Boolean, default: true },
  lateBallotsNamed: { type: Boolean, default: true },
}, { _id: false });

/** A People's Council (HĐND) of a unit for one term (khóa), with its elected total N. */
export const CouncilSchema = new Schema({
  unitId: { type: Schema.Types.ObjectId, required: true, index: true },
  name: { type: String, required: true },
  term: { type: String, required: true },
  termStart: { type: Date, required: true },
  termEnd: { type: Date, default: null },
  electedTotal: { type: Number, required: true },
  rules: { type: RulesSchema, default: () => ({}) },
}, { timestamps: true });

export type Council = InferSchemaType<typeof CouncilSchema>;
