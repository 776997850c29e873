import { pageAt } from './lib/routes.js';
import { prefetchDocument } from './lib/viewer/prefetch.js';

/**
 * The first script: small, so it runs at once. A document opened straight from its address
 * (a link, a reload) starts loading here — pdf.js's worker, the metadata and the file's first
 * bytes — before the rest of the app is even fetched: evaluating the app takes the page's
 * main thread ~180 ms on a 2-core machine, and a worker created during that wait starts only
 * after it (bench:docs, first-page, BENCH_TRACE).
 */
const first = pageAt(location.pathname);
if (first.name === 'viewer') prefetchDocument(first.documentId, Number(/^#trang=(\d+)$/.exec(location.hash)?.[1] ?? 1));
import('./app.js').catch(() => {
  // The app's own script did not arrive (the link dropped mid-load): say so, in both
  // languages (the app's words have not loaded either), with a way to try again.
  const target = document.getElementById('app');
  if (!target) return;
  const note = document.createElement('p');
  note.setAttribute('role', 'alert');
  note.style.cssText = 'margin:2rem;font:1.1rem/1.5 system-ui,sans-serif';
  note.textContent = 'Không tải được ứng dụng — kiểm tra kết nối mạng rồi tải lại trang. / The app could not be loaded — check the connection and reload. ';
  const again = document.createElement('button');
  again.textContent = 'Tải lại / Reload';
  again.style.cssText = 'font:inherit;padding:0.5rem 1rem;min-height:44px';
  again.addEventListener('click', () => location.reload());
  note.append(again);
  target.replaceChildren(note);
});
