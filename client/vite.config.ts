import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = fileURLToPath(new URL('.', import.meta.url));
/** The API server the dev server forwards to (`npm run dev:server`). */
const apiTarget = process.env.HDND_API_URL ?? 'http://127.0.0.1:8080';

/**
 * Emits /sw.js: client/sw/sw.js with the list of every built file (precached on install)
 * and a version that changes with them, so each build installs a fresh shell.
 */
function serviceWorker(): Plugin {
  const source = fileURLToPath(new URL('./sw/sw.js', import.meta.url));
  return {
    name: 'hdnd-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => !f.endsWith('.map') && f !== 'index.html').sort().map((f) => `/${f}`);
      const precache = [...files, '/favicon.svg'];
      const body = readFileSync(source, 'utf8');
      const version = createHash('sha256').update(precache.join('\n')).update(body).digest('hex').slice(0, 16);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: `const VERSION = '${version}';\nconst PRECACHE = ${JSON.stringify(precache)};\n${body}` });
    },
  };
}

/**
 * The client shell. The server serves `client/dist` with an SPA fallback; the CSP there
 * allows only 'self' scripts, so nothing may be inlined into index.html.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [svelte({ configFile: false }), serviceWorker()],
  // Every `import … from 'zod'` (the contract's schemas) goes through a module that turns
  // zod's eval probe off first: the CSP forbids eval (see src/lib/zodNoEval.ts).
  resolve: { alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL('./src/lib/zodNoEval.ts', import.meta.url)) }] },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Keep every script an external file: `script-src 'self'` forbids inline code.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/socket.io': { target: apiTarget, ws: true, changeOrigin: false },
    },
  },
});
