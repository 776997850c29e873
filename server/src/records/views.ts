import { Types } from 'mongoose';
import type { Role } from '../../../contract/roles.js';
import type { MinutesSignatureView, MinutesView } from '../../../contract/records.js';
import type { Deps } from '../app/deps.js';
import { holds, MINUTES_EDITORS, MINUTES_SIGNERS, RECORD_STAFF } from './access.js';
import { latestGenerated, revisionsOf, revisionView } from './minutes/minutesStore.js';
import type { SignatureLean } from './signing/sign.js';
import { recordErrors } from './errors.js';

type SittingLean = { _id: unknown; sessionId: unknown; title: string; status: string };

export async function namesById(deps: Deps, ids: unknown[]): Promise<Map<string, string>> {
  const users = await deps.models.User.find({ _id: { $in: [...new Set(ids.map(String))].filter((i) => Types.ObjectId.isValid(i)).map((i) => new Types.ObjectId(i)) } }, { displayName: 1, login: 1 }).lean();
  return new Map(users.map((u) => [String(u._id), u.displayName || u.login]));
}

export function signatureView(s: SignatureLean): MinutesSignatureView {
  const p = s.record.payload;
  return { revision: s.revision, fileName: s.fileName, sha256: s.sha256, bytes: s.bytes, signedAt: new Date(s.signedAt).toISOString(), signerName: p.signer.name, signerRole: p.signer.role, fingerprint: p.key.fingerprint };
}

/**
 * The minutes as a user may see them: staff (secretariat, chair) see the draft with its
 * revisions and the facts it was generated from; delegates see only signed minutes.
 */
export async function minutesView(deps: Deps, sitting: SittingLean, roles: readonly Role[], signature: SignatureLean | null): Promise<MinutesView> {
  const staff = holds(roles, RECORD_STAFF);
  if (!staff && !signature) throw recordErrors.notSigned();
  const sittingId = String(sitting._id);
  const all = await revisionsOf(deps, sittingId);
  const shown = signature ? all.filter((r) => r.revision <= signature.revision) : all;
  const latest = shown[shown.length - 1] ?? null;
  const generated = latestGenerated(shown);
  const names = await namesById(deps, shown.map((r) => r.by));
  return {
    sittingId,
    sessionId: String(sitting.sessionId),
    sittingTitle: sitting.title,
    sittingStatus: sitting.status,
    status: signature ? 'signed' : latest ? 'draft' : 'none',
    revision: latest?.revision ?? 0,
    text: latest?.text ?? '',
    generatedText: staff ? (generated?.text ?? '') : '',
    generatedAt: generated ? new Date(generated.at).toISOString() : null,
    data: staff ? (generated?.data ?? null) : null,
    revisions: staff ? shown.map((r) => { const { text: _t, ...rest } = revisionView(r, names); return rest; }) : [],
    signature: signature ? signatureView(signature) : null,
    canEdit: !signature && holds(roles, MINUTES_EDITORS),
    canSign: !signature && !!latest && sitting.status === 'closed' && holds(roles, MINUTES_SIGNERS),
  };
}
