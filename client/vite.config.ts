import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = fileURLToPath(new URL('.', import.meta.url));
/** The API server the dev server forwards to (`npm run dev:server`). */
const apiTarget = process.env.HDND_API_URL ?? 'http://127.0.0.1:8080';

/**
 * The client shell. The server serves `client/dist` with an SPA fallback; the CSP there
 * allows only 'self' scripts, so nothing may be inlined into index.html.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [svelte({ configFile: false })],
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
