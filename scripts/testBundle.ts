/**
 * For tests: bundles entries from source with the options scripts/build.mjs uses (CommonJS for
 * Node, native modules external, the one list in natives.json) into a private folder, so
 * tests never race over the shared dist/ and a half-written bundle is never what a test runs.
 * The folder is under the repository (node_modules/.cache), so the bundles load the native
 * modules from node_modules as the real ones do.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import natives from './natives.json' with { type: 'json' };

export const root = path.resolve(import.meta.dirname, '..');

/** Native (Node-API) modules: never bundled, loaded from node_modules. */
export const nativeModules: readonly string[] = natives;

export interface TestBundle {
  readonly dir: string;
  /** The path of the bundle built from entry `name`. */
  path(name: string): string;
  remove(): void;
}

/** Bundles `entries` (output name → source path from the repository root). */
export async function bundleForTest(
  entries: Record<string, string>,
  opts: { external?: readonly string[] } = {},
): Promise<TestBundle> {
  const cache = path.join(root, 'node_modules', '.cache');
  fs.mkdirSync(cache, { recursive: true });
  const dir = fs.mkdtempSync(path.join(cache, 'gett-test-bundle-'));
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: entries,
    outdir: dir,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: [...nativeModules, ...(opts.external ?? [])],
    logLevel: 'error',
  });
  return {
    dir,
    path: (name) => path.join(dir, `${name}.cjs`),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
