import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
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
 * Writes `<file>.br` and `<file>.gz` beside every script, style sheet and text asset over
 * 1 kB, which the server sends to a browser that accepts them (koa-send): over a commune's
 * link the app and pdf.js's worker (1.2 MB) arrive in about a quarter of the bytes.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'hdnd-precompress',
    apply: 'build',
    configResolved(config) { outDir = config.build.outDir; },
    writeBundle(_options, bundle) {
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(m?js|css|html|svg|json)$/.test(fileName)) continue;
        const path = join(outDir, fileName);
        const raw = readFileSync(path);
        if (raw.length < 1024) continue;
        writeFileSync(`${path}.br`, brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 10, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
        writeFileSync(`${path}.gz`, gzipSync(raw, { level: 9 }));
      }
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
  plugins: [svelte({ configFile: false }), serviceWorker(), precompress()],
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
