/**
 * The service worker (built from client/sw/sw.js) keeps the app shell and serves the
 * dossier's offline copies when the network is gone. Only in a built client (not under the
 * Vite dev server, which has hot reload and no sw.js; a test build runs with NODE_ENV=test,
 * so `import.meta.env.PROD` is not the test), and only where the browser allows one (a
 * secure context: https or localhost).
 */
export function registerServiceWorker(): void {
  if (import.meta.hot || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    // No offline support here (e.g. plain http on a LAN); everything else works.
  });
}
