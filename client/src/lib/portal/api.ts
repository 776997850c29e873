import type { PublicCalendar, PublicCouncil, PublicDelegateList, PublicSitting } from '../../../../contract/portal.js';
import { api, type ApiResult } from '../api.js';

/**
 * The public portal's reads (GET /api/public/…, no sign-in). `authCheck`: these never ask
 * anyone to sign in again, whoever is (or is not) signed in on this browser.
 */
const get = <T>(path: string): Promise<ApiResult<T>> => api<T>('GET', path, undefined, { authCheck: true });

export const publicCouncils = () => get<PublicCouncil[]>('/api/public/councils');
export const publicCalendar = (councilId: string) => get<PublicCalendar>(`/api/public/councils/${councilId}/calendar`);
export const publicSitting = (sittingId: string) => get<PublicSitting>(`/api/public/sittings/${sittingId}`);
export const publicDelegates = (councilId: string) => get<PublicDelegateList>(`/api/public/councils/${councilId}/delegates`);
/** The live HLS playlist of an open sitting (404 while it is not broadcast). */
export const livePlaylistUrl = (sittingId: string) => `/api/public/sittings/${sittingId}/live/index.m3u8`;
