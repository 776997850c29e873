/**
 * Attending from one's own device (mediasoup-client with it) is a chunk of its own, fetched
 * when a delegate first opens the device check or comes back checked in from this device: the
 * tablets in the hall neither download nor parse it. After a failed fetch, asked again.
 */
let chunk: ReturnType<typeof load> | null = null;
const load = () => import('./RemoteAttendance.svelte');
export const remoteAttendance = () => (chunk ??= load().catch((err: unknown) => { chunk = null; throw err; }));
