import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';

/**
 * The import lines hold the structure (issue 12): no import cycles; the server's framework
 * (server/src/platform, and server/src/signing: PDF signatures, PKCS#11, timestamps) imports
 * no domain (what it needs from one is handed to it); only the
 * composition root (server/src/app) names every domain; client and server meet in contract/.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PARTS = ['server/src', 'media/src', 'client/src', 'contract'];
const FRAMEWORK = ['server/src/platform/', 'server/src/signing/'];

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

/** Strongly connected components of more than one node (Tarjan), or a file importing itself. */
function cycles(g: Map<string, string[]> = graph): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); scc.push(w); } while (w !== v);
      // A Svelte component that renders itself (a tree) imports itself: recursion, not a cycle.
      const selfImport = (g.get(v) ?? []).includes(v) && !v.endsWith('.svelte') && g === graph;
      if (scc.length > 1 || selfImport) out.push(scc.sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) visit(v);
  return out;
}

/**
 * The composition root's types every domain function takes (`Deps`, `Models`): the one
 * arrow from the domains back up to app/, type-only and erased at run time.
 */
const ROOT_TYPES = ['server/src/app/deps.ts', 'server/src/app/models.ts'];
const serverFolder = (file: string) => /^server\/src\/([^/]+)\//.exec(file)?.[1] ?? null;
const isTest = (file: string) => /\.test\.ts$/.test(file);

/** server/src folder → the folders its (non-test) files import, the root's types aside. */
function folderGraph(): Map<string, string[]> {
  const g = new Map<string, Set<string>>();
  for (const [from, tos] of graph) {
    const a = serverFolder(from);
    if (!a || isTest(from)) continue;
    if (!g.has(a)) g.set(a, new Set());
    for (const to of tos) {
      const b = serverFolder(to);
      if (b && b !== a && !ROOT_TYPES.includes(to)) g.get(a)!.add(b);
    }
  }
  return new Map([...g].map(([k, v]) => [k, [...v]]));
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

  it('the server\'s framework (platform/, signing/) imports no domain and not the composition root', () => {
    const framework = (f: string) => FRAMEWORK.some((d) => f.startsWith(d));
    const bad = arrows()
      .filter(({ from, to }) => framework(from) && to.startsWith('server/src/') && !framework(to))
      .map(({ from, to }) => `${from} -> ${to}`);
    expect(bad).toEqual([]);
  });

  it('outside the composition root, app/ is imported only for its Deps and Models types, and only as types', () => {
    const bad: string[] = [];
    for (const file of graph.keys()) {
      if (!file.startsWith('server/src/') || file.startsWith('server/src/app/') || isTest(file)) continue;
      const source = readFileSync(join(ROOT, file), 'utf8');
      for (const m of source.matchAll(/\b(?:import|export)(\s+type\b)?\s[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g)) {
        const target = m[2]!.startsWith('.') ? resolveImport(join(ROOT, file), m[2]!) : null;
        const to = target ? relative(ROOT, target) : '';
        if (to.startsWith('server/src/app/') && !(m[1] && ROOT_TYPES.includes(to))) bad.push(`${file} -> ${to}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('server/src folders stack in layers: no folder imports one that imports it back', () => {
    const g = folderGraph();
    expect(g.size).toBeGreaterThan(15);
    expect(cycles(g)).toEqual([]);
  });

  it('the council layer (who may do what in which council) builds on the platform, sign-in and its own membership model only', () => {
    const allowed = ['server/src/council/', 'server/src/platform/', 'server/src/app/deps.ts', 'server/src/app/models.ts', 'server/src/auth/logins.ts', 'contract/'];
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
