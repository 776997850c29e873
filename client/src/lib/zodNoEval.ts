import * as zod from 'zod/v4';

/**
 * 'zod' as the client sees it (client/vite.config.ts aliases it here). The page's CSP forbids
 * eval, and zod, unless told, probes with `new Function('')` as each object schema is built:
 * every page load then files a CSP violation, which Firefox shows as an error in the console.
 * This module runs before any module that builds a schema (they all import it), whatever
 * chunks the bundler makes; a setting in main.ts would run after them.
 */
zod.config({ jitless: true });

export * from 'zod/v4';
export { z, z as default } from 'zod/v4';
