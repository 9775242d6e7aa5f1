/**
 * Builds the app's main and embedded-server bundles into a private folder under out/ (the
 * same esbuild options as scripts/build.mjs), so tests never race over the shared dist/.
 * Inside the repository, so the bundles find node_modules as the real ones do.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';

const root = resolve(import.meta.dirname, '../..');
const natives = ['better-sqlite3', 'sharp', 'bufferutil', 'utf-8-validate'];

export async function buildForTest(name: string) {
  const outdir = join(root, 'out', `${name}-${process.pid}-${Date.now()}`);
  await mkdir(outdir, { recursive: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { 'main/index': 'main/index.ts', 'server/embedded': 'server/embedded.ts' },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron', ...natives],
    logLevel: 'error',
  });
  return {
    main: join(outdir, 'main/index.cjs'),
    embedded: join(outdir, 'server/embedded.cjs'),
    remove: () => rm(outdir, { recursive: true, force: true }),
  };
}
