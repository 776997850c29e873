/** A shared ticking clock for speaking timers: runs only while a timer is on screen. */
export const clock = $state({ now: Date.now() });

let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

/** Starts ticking; returns the stop function (use as an effect's cleanup). */
export function useClock(): () => void {
  users += 1;
  clock.now = Date.now();
  timer ??= setInterval(() => (clock.now = Date.now()), 250);
  return () => {
    users -= 1;
    if (users === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}
