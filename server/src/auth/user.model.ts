import { Schema, type InferSchemaType } from 'mongoose';

/** A person who signs in. Roles live on council memberships, not here. */
export const UserSchema = new Schema({
  /** Lower-cased e-mail, phone or user name used to sign in. */
  login: { type: String, required: true, unique: true },
  displayName: { type: String, required: true },
  email: { type: String, default: null },
  phone: { type: String, default: null },
  /** argon2id hash (19 MiB, t=2, p=1); null for imported delegates not yet activated. */
  passwordHash: { type: String, default: null },
  locale: { type: String, enum: ['vi', 'en'], default: 'vi' },
  disabled: { type: Boolean, default: false },
  /** Their credential's id at the remote signing service for officials (SIGNING_PERSON_CSC_URL), set by an administrator; null: the pattern SIGNING_PERSON_CSC_CREDENTIAL. */
  signingCredentialId: { type: String, default: null },
}, { timestamps: true });

export type User = InferSchemaType<typeof UserSchema>;
