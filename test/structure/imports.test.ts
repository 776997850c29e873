import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';

/**
 * The import lines hold the structure (issue 12): no import cycles; the server's framework
 * (server/src/platform) imports no domain, save the arrows allowed below; only the
 * composition root (server/src/app) names every domain; client and server meet in contract/.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PARTS = ['server/src', 'media/src', 'client/src', 'contract'];
const FRAMEWORK = ['server/src/platform/'];
/**
 * Framework → domain arrows allowed for now, each with its reason; the structure issue moves
 * these parts into the platform and the council layer, and this list then shrinks to nothing.
 */
const ALLOWED_FRAMEWORK_ARROWS: Record<string, string> = {
  'server/src/platform/http/app.ts -> server/src/health/metrics.ts': 'the Prometheus metrics object (a type)',
  'server/src/platform/http/requestLog.ts -> server/src/health/metrics.ts': 'the Prometheus metrics object (a type)',
  'server/src/platform/realtime/socket.ts -> server/src/health/metrics.ts': 'the Prometheus metrics object (a type)',
  'server/src/platform/realtime/socket.ts -> server/src/auth/logins.ts': 'every connection and command checks the sign-in session',
  'server/src/platform/realtime/socket.ts -> server/src/app/deps.ts': 'that check reads the sign-in sessions through the models (a type)',
};

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else if (/\.(ts|mts|svelte)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Relative import specifiers of a file: static, re-exports, side-effect and dynamic imports. */
function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of source.matchAll(re)) if (m[1]!.startsWith('.')) found.push(m[1]!);
  return found;
}

/** The repository file an import names (TypeScript's `.js` for `.ts`, Svelte's `.svelte.js` for `.svelte.ts`). */
function resolveImport(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

const graph = new Map<string, string[]>();
for (const part of PARTS) {
  for (const file of filesUnder(join(ROOT, part))) {
    const rel = relative(ROOT, file);
    const targets = importsOf(readFileSync(file, 'utf8')).map((s) => resolveImport(file, s)).filter((t): t is string => t !== null).map((t) => relative(ROOT, t));
    graph.set(rel, targets);
  }
}

/** Strongly connected components of more than one file (Tarjan), or a file importing itself. */
function cycles(): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); scc.push(w); } while (w !== v);
      // A Svelte component that renders itself (a tree) imports itself: recursion, not a cycle.
      const selfImport = (graph.get(v) ?? []).includes(v) && !v.endsWith('.svelte');
      if (scc.length > 1 || selfImport) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

const arrows = () => [...graph].flatMap(([from, tos]) => tos.map((to) => ({ from, to })));
const partOf = (file: string) => PARTS.find((p) => file.startsWith(`${p}/`)) ?? 'outside';

describe('the import graph', () => {
  it('reads the whole tree (a guard that the parser found the files and their imports)', () => {
    expect(graph.size).toBeGreaterThan(300);
    expect(graph.get('server/src/app/server.ts')).toContain('server/src/app/routes.ts');
  });

  it('has no import cycle in server/src, media/src, client/src or contract', () => {
    expect(cycles()).toEqual([]);
  });

  it('the server\'s framework (platform/) imports no domain, save the listed arrows', () => {
    const framework = (f: string) => FRAMEWORK.some((d) => f.startsWith(d));
    const bad = arrows()
      .filter(({ from, to }) => framework(from) && to.startsWith('server/src/') && !framework(to))
      .map(({ from, to }) => `${from} -> ${to}`)
      .filter((a) => !(a in ALLOWED_FRAMEWORK_ARROWS));
    expect(bad).toEqual([]);
  });

  it('the council layer (who may do what in which council) builds on the platform, sign-in and the membership model only', () => {
    const allowed = ['server/src/council/', 'server/src/platform/', 'server/src/app/deps.ts', 'server/src/app/models.ts', 'server/src/auth/logins.ts', 'server/src/org/membership.model.ts', 'contract/'];
    const bad = arrows().filter(({ from, to }) => from.startsWith('server/src/council/') && !allowed.some((a) => to.startsWith(a))).map(({ from, to }) => `${from} -> ${to}`);
    expect(bad).toEqual([]);
  });

  it('only the composition root (server/src/app) mounts the domains\' REST routes and registers their socket handlers', () => {
    const wirers = new Set<string>();
    for (const file of graph.keys()) {
      if (!file.startsWith('server/src/') || file.startsWith('server/src/app/') || file.endsWith('.test.ts')) continue;
      const source = readFileSync(join(ROOT, file), 'utf8');
      for (const m of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g)) {
        const names = m[1]!;
        const mounts = /\/routes\.js$/.test(m[2]!) && /\w+Routes\b/.test(names);
        const registers = /\bregister\w*Handlers\b/.test(names);
        if (m[2]!.startsWith('.') && (mounts || registers)) wirers.add(file);
      }
    }
    expect([...wirers].sort()).toEqual([]);
  });

  it('client and server meet in contract/ only; contract imports neither', () => {
    const crossing = arrows().filter(({ from, to }) => {
      const [a, b] = [partOf(from), partOf(to)];
      return (a === 'client/src' && (b === 'server/src' || b === 'media/src')) || (a === 'server/src' && b === 'client/src') || (a === 'contract' && b !== 'contract');
    });
    expect(crossing).toEqual([]);
  });
});
