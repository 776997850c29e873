/**
 * Keeps a projected screen from dimming or sleeping while it is shown (the Screen Wake Lock
 * API; absent or refused on some devices and on plain http, where the screen simply may
 * sleep). The lock is dropped whenever the page is hidden, so it is asked for again.
 */
export function keepScreenOn(): () => void {
  let lock: WakeLockSentinel | null = null;
  let stopped = false;
  const request = async () => {
    if (stopped || document.visibilityState !== 'visible' || !('wakeLock' in navigator)) return;
    try {
      lock = await navigator.wakeLock.request('screen');
    } catch {
      lock = null;
    }
  };
  const onVisible = () => void request();
  document.addEventListener('visibilitychange', onVisible);
  void request();
  return () => {
    stopped = true;
    document.removeEventListener('visibilitychange', onVisible);
    void lock?.release().catch(() => {});
  };
}
