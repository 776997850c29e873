import { pageAt } from '../routes.js';

/**
 * The service worker (built from client/sw/sw.js) keeps the app shell and serves the
 * dossier's offline copies when the network is gone. Only in a built client (not under the
 * Vite dev server, which has hot reload and no sw.js; a test build runs with NODE_ENV=test,
 * so `import.meta.env.PROD` is not the test), and only where the browser allows one (a
 * secure context: https or localhost). Registered once the page's first work is done.
 */
export function registerServiceWorker(): void {
  if (import.meta.hot || !('serviceWorker' in navigator)) return;
  void firstWorkDone().then(() => navigator.serviceWorker.register('/sw.js', { scope: '/' })).catch(() => {
    // No offline support here (e.g. plain http on a LAN); everything else works.
  });
}

/** A document's first page drawn, or this long after the load if it never is (an error shown). */
const FIRST_PAGE_WAIT_MS = 10_000;

/**
 * Installing precaches every file of the app and compiles each script on the worker's own
 * thread: on a 2-core machine that competed with the first page of a document opened from its
 * address (~150 ms of compiling in that window, bench:docs with BENCH_TRACE). So it waits for
 * the page's load and, on a document, for its first page.
 */
async function firstWorkDone(): Promise<void> {
  if (document.readyState !== 'complete') await new Promise((resolve) => addEventListener('load', resolve, { once: true }));
  if (pageAt(location.pathname).name !== 'viewer') return;
  await new Promise<void>((resolve) => {
    const observer = new PerformanceObserver((list) => {
      if (!list.getEntriesByName('first-page-rendered').length) return;
      observer.disconnect();
      resolve();
    });
    observer.observe({ type: 'mark', buffered: true });
    setTimeout(() => { observer.disconnect(); resolve(); }, FIRST_PAGE_WAIT_MS);
  });
}
