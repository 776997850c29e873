import type { remoteVi } from '../i18n/remote.vi.js';

/** A text of the device check (its own dictionary: this file stays free of the browser's types). */
type MessageKey = keyof typeof remoteVi;

/** A device problem as the delegate reads it: the text (its key and parameters), and whether "Thử lại" can help. */
export interface DeviceProblem {
  key: MessageKey;
  /** Parameters as message keys (translated by the view). */
  what?: MessageKey;
  name?: string;
  /** Another line under it: how to allow the devices. */
  help?: MessageKey;
  /** What it means for the sitting (no microphone: may attend and vote, not speak). */
  note?: MessageKey;
  retry: boolean;
  kind: 'error' | 'warning';
}

const BLOCKED = new Set(['NotAllowedError', 'SecurityError', 'PermissionDeniedError']);
const MISSING = new Set(['NotFoundError', 'OverconstrainedError', 'DevicesNotFoundError']);
const BUSY = new Set(['NotReadableError', 'AbortError', 'TrackStartError']);

/**
 * What the device check says of the browser's answers for the camera and the microphone (the
 * `DOMException` names, null: opened): blocked by the browser (where to allow them, then
 * "Thử lại"), none found (no camera: still heard with the floor; no microphone: cannot speak
 * but may attend and vote), in use by another application, or another failure.
 */
export function deviceProblems(camera: string | null, mic: string | null): DeviceProblem[] {
  const out: DeviceProblem[] = [];
  const blockedCam = camera !== null && BLOCKED.has(camera);
  const blockedMic = mic !== null && BLOCKED.has(mic);
  if (blockedCam || blockedMic) {
    const what: MessageKey = blockedCam && blockedMic ? 'remote.error.both' : blockedCam ? 'remote.error.camera' : 'remote.error.mic';
    out.push({ key: 'remote.error.blocked', what, help: 'remote.error.blockedHow', ...(blockedMic ? { note: 'remote.error.noMicNote' as const } : {}), retry: true, kind: 'error' });
  }
  const other = (name: string | null, what: MessageKey): DeviceProblem | null => {
    if (name === null || BLOCKED.has(name)) return null;
    if (MISSING.has(name)) return { key: what === 'remote.error.camera' ? 'remote.error.noCamera' : 'remote.error.noMic', retry: true, kind: 'warning' };
    if (BUSY.has(name)) return { key: 'remote.error.busy', what, retry: true, kind: 'error', ...(what === 'remote.error.mic' ? { note: 'remote.error.noMicNote' as const } : {}) };
    return { key: 'remote.error.other', what, name, retry: true, kind: 'error' };
  };
  for (const p of [other(camera, 'remote.error.camera'), other(mic, 'remote.error.mic')]) if (p) out.push(p);
  return out;
}
