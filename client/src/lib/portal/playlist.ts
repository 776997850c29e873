/** Whether the live HLS playlist is there now (200) rather than not broadcast (404, or no answer). */
export async function playlistReady(url: string, signal?: AbortSignal): Promise<boolean> {
  try {
    const res = await fetch(url, { cache: 'no-store', credentials: 'omit', signal: signal ?? null });
    await res.body?.cancel().catch(() => {});
    return res.ok;
  } catch {
    return false;
  }
}

/** Safari (and iOS browsers) play HLS themselves; elsewhere it needs Media Source Extensions (hls.js). */
export const playsHlsNatively = (video: HTMLVideoElement): boolean => video.canPlayType('application/vnd.apple.mpegurl') !== '';
