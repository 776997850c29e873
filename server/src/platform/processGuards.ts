import type { Logger } from './log.js';

/**
 * Last line of defence: an error that escaped every handler (a library throwing from a
 * callback, a promise nobody awaited) is logged and the server keeps serving. Requests and
 * socket commands already turn their own errors into answers; whatever reaches here is a
 * defect to fix, so it is logged at error level with its stack (never sent to anyone). Node's
 * default — ending the process — would stop a whole sitting over one stray callback.
 */
export function installProcessGuards(log: Logger): void {
  process.on('uncaughtException', (err, origin) => {
    log.error({ err, origin }, 'an error escaped every handler; the server keeps running');
  });
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'a rejected promise was not handled; the server keeps running');
  });
}
