/**
 * The import graph of the project's own code (type imports included): no module imports
 * itself back through others, and no two server folders import each other (storage/ sits
 * under tus/, live/ beside moderation/), so each layer can be read and tested on its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { root } from './testBundle.js';

const FOLDERS = ['shared', 'server', 'main', 'preload', 'renderer', 'e2e', 'bench', 'scripts'];
const SOURCE = /\.(ts|tsx|mts|cts)$/;
const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/g;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'scratch') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(full));
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** The file a relative specifier names (`./x.js` is `./x.ts` in source), if it is ours. */
function resolveImport(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  const stem = base.replace(/\.(c|m)?js$/, '');
  const candidates = [base, ...['.ts', '.tsx', '/index.ts', '/index.tsx'].map((e) => stem + e)];
  return candidates.find((c) => SOURCE.test(c) && fs.existsSync(c));
}

/** Module → the project modules it imports. */
function importGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const folder of FOLDERS) {
    for (const file of sources(path.join(root, folder))) {
      const text = fs.readFileSync(file, 'utf8');
      const deps = new Set<string>();
      for (const m of text.matchAll(IMPORT)) {
        const target = resolveImport(file, m[1]!);
        if (target) deps.add(path.relative(root, target));
      }
      graph.set(path.relative(root, file), deps);
    }
  }
  return graph;
}

/** Groups of nodes that reach each other (Tarjan), only those of more than one node. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || graph.get(v)?.has(v)) found.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** The folder a server module belongs to (`server/tus`), or undefined for server/'s own files. */
function serverFolder(file: string): string | undefined {
  const parts = file.split(path.sep);
  return parts[0] === 'server' && parts.length > 2 ? parts.slice(0, 2).join('/') : undefined;
}

describe('the import graph', () => {
  const graph = importGraph();

  test('reads the whole tree', () => {
    expect(graph.size).toBeGreaterThan(200);
    expect(graph.get(path.join('server', 'uploads.ts'))).toContain(
      path.join('server', 'storage', 'types.ts'),
    );
  });

  test('has no import cycle between modules', () => {
    expect(cycles(graph)).toEqual([]);
  });

  test('has no import cycle between server folders', () => {
    const folders = new Map<string, Set<string>>();
    for (const [file, deps] of graph) {
      const from = serverFolder(file);
      if (!from || file.endsWith('.test.ts')) continue;
      const set = folders.get(from) ?? new Set<string>();
      folders.set(from, set);
      for (const dep of deps) {
        const to = serverFolder(dep);
        if (to && to !== from) set.add(to);
      }
    }
    expect(cycles(folders)).toEqual([]);
  });
});
