import type { CouncilMemberView, CouncilView, ImportResult, MeetingPointView, PageInfo, PersonView, UnitTypeView, UnitView } from '../../../../contract/org.js';
import type { PersonSigningView, SealCheckView, SealSetupView, SignerRow, SignersView } from '../../../../contract/records.js';
import { api, type ApiError, type ApiResult } from '../api.js';

/** One page of an admin list: the rows and where they sit in the whole (server `paging`). */
export interface Paged<T> { items: T[]; paging: PageInfo }

function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** GET of a paged list (data plus paging beside it); an old-style answer counts as one page. */
async function paged<T>(path: string, params: Record<string, string | number | undefined | null>): Promise<ApiResult<Paged<T>>> {
  const res = await api<T[]>('GET', path + query(params));
  if (!res.ok) return res;
  const paging = (res as unknown as { paging?: PageInfo }).paging ?? { total: res.data.length, page: 1, pageSize: res.data.length };
  return { ok: true, data: { items: res.data, paging } };
}

export interface ListParams { q?: string; page?: number; pageSize?: number }

export const adminApi = {
  seal: (councilId: string) => api<SealSetupView>('GET', `/api/councils/${councilId}/seal`),
  checkSeal: (councilId: string) => api<SealCheckView>('POST', `/api/councils/${councilId}/seal/check`),
  signers: (councilId: string) => api<SignersView>('GET', `/api/councils/${councilId}/signers`),
  setSignerCredential: (councilId: string, userId: string, credentialId: string | null) => api<SignerRow>('PATCH', `/api/councils/${councilId}/signers/${userId}`, { credentialId }),
  checkSigner: (councilId: string, userId: string) => api<PersonSigningView | null>('POST', `/api/councils/${councilId}/signers/${userId}/check`),

  units: (p: ListParams & { parentId?: string }) => paged<UnitView>('/api/org/units', { ...p, limit: 5000 }),
  unitTypes: () => api<UnitTypeView[]>('GET', '/api/org/unit-types'),
  createUnit: (b: { name: string; code?: string; unitType: string; parentId: string | null; validFrom: string }) => api<UnitView>('POST', '/api/org/units', b),
  patchUnit: (id: string, b: Record<string, unknown>) => api<UnitView>('PATCH', `/api/org/units/${id}`, b),

  councils: (p: ListParams & { unitId?: string }) => paged<CouncilView>('/api/org/councils', { ...p }),
  createCouncil: (b: { unitId: string; name: string; term: string; termStart: string; termEnd: string | null; electedTotal: number; rules?: Record<string, unknown> }) => api<CouncilView>('POST', '/api/org/councils', b),
  patchCouncil: (id: string, b: Record<string, unknown>) => api<CouncilView>('PATCH', `/api/org/councils/${id}`, b),

  members: (councilId: string, p: ListParams & { role?: string; meetingPointId?: string }) => paged<CouncilMemberView>(`/api/org/councils/${councilId}/memberships`, { ...p }),
  addMember: (b: { userId: string; councilId: string; role: string; unitId: string | null; meetingPointId: string | null }) => api<CouncilMemberView>('POST', '/api/org/memberships', b),
  patchMember: (id: string, b: { unitId?: string | null; meetingPointId?: string | null }) => api<CouncilMemberView>('PATCH', `/api/org/memberships/${id}`, b),
  removeMember: (id: string) => api<null>('DELETE', `/api/org/memberships/${id}`),
  people: (q: string) => api<PersonView[]>('GET', `/api/org/people${query({ q })}`),

  meetingPoints: (unitId: string, p: ListParams & { below?: boolean } = {}) => paged<MeetingPointView>(`/api/org/units/${unitId}/meeting-points`, { ...p, below: p.below ? 'true' : undefined }),
  createMeetingPoint: (b: { unitId: string; name: string; address: string; capacity: number }) => api<MeetingPointView>('POST', '/api/org/meeting-points', b),
  patchMeetingPoint: (id: string, b: { name?: string; address?: string; capacity?: number }) => api<MeetingPointView>('PATCH', `/api/org/meeting-points/${id}`, b),
};

/** Sends a CSV file's text to the delegate import; a dry run writes nothing. */
export async function importDelegatesCsv(councilId: string, csv: string, dryRun: boolean): Promise<ApiResult<ImportResult>> {
  let res: Response;
  try {
    res = await fetch(`/api/org/councils/${councilId}/delegates/import${dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'text/csv; charset=utf-8' },
      credentials: 'same-origin',
      body: csv,
    });
  } catch {
    return { ok: false, error: 'network_error', message: '' };
  }
  const json = (await res.json().catch(() => null)) as ApiResult<ImportResult> | null;
  return json && typeof json.ok === 'boolean' ? json : ({ ok: false, error: 'internal_error', message: '' } satisfies ApiError);
}
