/*
 * HĐND số service worker: the app shell and the session dossier, readable offline.
 * The build (client/vite.config.ts) puts `VERSION` and `PRECACHE` (every built file) in
 * front of this file. No eval, no imports: plain handlers.
 *
 * - Navigations: network first, the cached shell (index.html) when offline.
 * - Hashed /assets/: cache first (their names change with their content).
 * - GET /api/documents/:id/file (no query, no Range): the dossier's offline copy first
 *   (the page keeps those in DOC_CACHE, one immutable version per URL); never stored here.
 * - /api/public/sittings/:id/live/ (the HLS broadcast): not handled, the network only.
 * - Other GET /api JSON: network first; the last good answer when offline. Signing out, or
 *   the server saying the sign-in is gone, empties the API answers and the dossier copies,
 *   so the next user of the tablet gets nothing of the last one's.
 */
/* global VERSION, PRECACHE */
const SHELL_CACHE = `hdnd-shell-${VERSION}`;
const API_CACHE = 'hdnd-api-v1';
const DOC_CACHE = 'hdnd-docs-v1';
const FILE_URL = /^\/api\/documents\/[0-9a-f]{24}\/file$/;
const API_TIMEOUT_MS = 8000;
const LIVE_URL = /^\/api\/public\/sittings\/[0-9a-f]{24}\/live\//;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(['/', ...PRECACHE]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('hdnd-shell-') && n !== SHELL_CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

function forget() {
  return Promise.all([caches.delete(API_CACHE), caches.delete(DOC_CACHE)]);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/socket.io')) return;
  // A live broadcast (HLS playlist and segments) goes straight to the network, never kept.
  if (LIVE_URL.test(url.pathname)) return;
  if (request.method !== 'GET') {
    if (request.method === 'POST' && url.pathname === '/api/auth/sign-out') event.waitUntil(forget());
    return;
  }
  if (FILE_URL.test(url.pathname)) {
    if (url.search || request.headers.has('range')) return;
    event.respondWith(documentFile(request));
  } else if (url.pathname.startsWith('/api/')) {
    event.respondWith(apiAnswer(request, event));
  } else if (request.mode === 'navigate') {
    event.respondWith(shell(request));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
  } else {
    event.respondWith(fetch(request).catch(() => caches.match(request).then((hit) => hit || Response.error())));
  }
});

async function documentFile(request) {
  const cache = await caches.open(DOC_CACHE);
  const hit = await cache.match(request.url);
  return hit || fetch(request);
}

async function apiAnswer(request, event) {
  const cache = await caches.open(API_CACHE);
  try {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), API_TIMEOUT_MS);
    const res = await fetch(request, { signal: controller.signal }).finally(() => clearTimeout(timer));
    const type = res.headers.get('content-type') || '';
    if (res.status === 200 && type.includes('application/json')) event.waitUntil(cache.put(request, res.clone()));
    else if (res.status === 401 && new URL(request.url).pathname === '/api/auth/me') event.waitUntil(forget());
    return res;
  } catch (err) {
    const hit = await cache.match(request);
    if (hit) return hit;
    throw err;
  }
}

async function shell(request) {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const res = await fetch(request);
    if (res.ok && (res.headers.get('content-type') || '').includes('text/html')) await cache.put('/', res.clone());
    return res;
  } catch {
    return (await cache.match('/')) || Response.error();
  }
}

async function asset(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) {
    const cache = await caches.open(SHELL_CACHE);
    await cache.put(request, res.clone());
  }
  return res;
}
