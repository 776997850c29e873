/**
 * The page being read comes first. While the viewer waits for a page's bytes, the downloads
 * for the offline copy step aside (they abort their request and resume from the byte they
 * reached), so the page does not share a commune's thin link with them, nor wait for one of
 * the browser's six connections to the host (the server speaks HTTP/1.1). They come back
 * once nothing has been read for a moment: a page turn is several requests in a row (the
 * page, its resources, its image), and each restart costs the background a round trip.
 */
export const QUIET_MS = 300;

let reading = 0;
let lastEnd = -Infinity;
const pausers = new Set<() => void>();

/** Marks a read of the page in front of the reader; call the answer when its bytes are in. */
export function startReading(): () => void {
  reading++;
  for (const pause of [...pausers]) pause();
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    reading--;
    lastEnd = performance.now();
  };
}

/** Calls `pause` each time a read starts; answers the function that stops listening. */
export function onReading(pause: () => void): () => void {
  pausers.add(pause);
  return () => pausers.delete(pause);
}

/** Resolves once no read is under way and none ended in the last QUIET_MS. */
export async function readingQuiet(signal?: AbortSignal): Promise<void> {
  for (;;) {
    if (signal?.aborted) return;
    const wait = reading > 0 ? QUIET_MS : lastEnd + QUIET_MS - performance.now();
    if (wait <= 0) return;
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait, QUIET_MS)));
  }
}
