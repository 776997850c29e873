// What the scanned-dossier bench watches inside the viewer, installed before any of the app's
// scripts (Playwright's addInitScript; not subject to the app's CSP). It relies on what a
// reader sees, not on the viewer's internals, so it measures the same before and after a
// change of how the bytes are loaded:
//   - every time the page canvas ([data-testid="page-canvas"]) shows a page (its data-page
//     attribute set, the canvas drawn), the page number and performance.now() (ms since
//     navigation start);
//   - when the document's offline copy is in Cache Storage (caches.match(fileUrl), any cache:
//     what the service worker serves when the network is gone), polled every 250 ms;
//   - `turn(n)`: types n into the page field ([data-testid="page-input"]) and submits it, as
//     a reader does, and resolves with the ms until page n is drawn (null after timeoutMs).

/** The init script; `fileUrl` is the document's /api/documents/:id/file path. */
export function viewerProbe(fileUrl) {
  if (window.__bench) return;
  const b = (window.__bench = { draws: [], stored: null, storedChecks: 0 });
  const seen = (el) => {
    const p = Number(el.getAttribute('data-page'));
    if (p > 0 && el.width > 0) b.draws.push([p, performance.now()]);
  };
  const isCanvas = (n) => n.nodeType === 1 && n.getAttribute('data-testid') === 'page-canvas';
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' && isCanvas(r.target)) seen(r.target);
      for (const n of r.addedNodes ?? []) {
        if (n.nodeType !== 1) continue;
        if (isCanvas(n)) seen(n);
        for (const c of n.querySelectorAll?.('[data-testid="page-canvas"]') ?? []) seen(c);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-page'] });

  const poll = setInterval(async () => {
    if (b.stored !== null || typeof caches === 'undefined' || location.protocol === 'about:') return;
    b.storedChecks++;
    try {
      if (await caches.match(fileUrl)) {
        b.stored = performance.now();
        clearInterval(poll);
      }
    } catch { /* not yet an origin with storage */ }
  }, 250);

  b.firstDraw = (n) => b.draws.find(([p]) => p === n)?.[1] ?? null;
  b.turn = (n, timeoutMs) => new Promise((resolve) => {
    const input = document.querySelector('[data-testid="page-input"]');
    if (!input?.form) return resolve({ ms: null, error: 'no page field' });
    const t0 = performance.now();
    input.value = String(n);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.form.requestSubmit();
    const check = () => {
      const d = b.draws.find(([p, t]) => p === n && t >= t0);
      if (d) return resolve({ ms: d[1] - t0, at: t0 });
      if (performance.now() - t0 > timeoutMs) return resolve({ ms: null, at: t0, error: 'timeout' });
      setTimeout(check, 5);
    };
    check();
  });
}
