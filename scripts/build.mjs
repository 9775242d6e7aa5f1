// Builds every process: main and preload for Electron (CommonJS, one file each so the
// sandboxed preload works), the server for plain Node, and the renderer with Vite.
// Usage: node scripts/build.mjs [--only main,preload,server,renderer,e2e,bench,bench-page] [--watch] [--quiet]
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { build as viteBuild } from 'vite';
import nativeExternals from './natives.json' with { type: 'json' };

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    watch: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});

// Native (Node-API) modules (natives.json, also read by scripts/testBundle.ts) stay outside
// the bundles and load from node_modules.

const nodeTargets = {
  main: {
    entryPoints: { 'main/index': 'main/index.ts' },
    external: ['electron', ...nativeExternals],
  },
  preload: {
    entryPoints: { 'preload/index': 'preload/index.ts', 'preload/overlay': 'preload/overlay.ts' },
    external: ['electron'],
  },
  server: {
    entryPoints: { 'server/cli': 'server/cli.ts', 'server/embedded': 'server/embedded.ts' },
    external: nativeExternals,
  },
  bench: {
    entryPoints: {
      'bench/run': 'bench/run.ts',
      'bench/baseline-server': 'bench/baseline/server.ts',
      'bench/tailers': 'bench/tailers.ts',
      'bench/live-crowd': 'bench/live-crowd.ts',
      'bench/core-child': 'bench/app/core-child.ts',
    },
    external: [...nativeExternals, 'electron', '@playwright/test', 'playwright-core'],
  },
};

const browserTargets = {
  // The preload's API over a browser transport, for the e2e harness.
  e2e: { entryPoints: { 'e2e/browser-api': 'e2e/browser-api.ts' } },
  'bench-page': { entryPoints: { 'bench/page-api': 'bench/renderer/page-api.ts' } },
};

const all = ['main', 'preload', 'server', 'renderer', 'e2e', 'bench', 'bench-page'];
const wanted = values.only ? values.only.split(',') : all;
const log = (msg) => values.quiet || console.log(msg);

if (!values.only) await rm('dist', { recursive: true, force: true });

const contexts = [];
for (const name of wanted) {
  const common = {
    bundle: true,
    outdir: 'dist',
    sourcemap: true,
    logLevel: values.quiet ? 'error' : 'warning',
    legalComments: 'none',
  };
  let options;
  if (name in nodeTargets) {
    options = {
      ...common,
      ...nodeTargets[name],
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      outExtension: { '.js': '.cjs' },
    };
  } else if (name in browserTargets) {
    options = {
      ...common,
      ...browserTargets[name],
      platform: 'browser',
      format: 'iife',
      target: 'chrome120',
    };
  } else if (name === 'renderer') {
    await viteBuild({
      configFile: 'vite.config.ts',
      logLevel: values.quiet ? 'error' : 'warn',
      build: { watch: values.watch ? {} : null },
    });
    log('built renderer');
    continue;
  } else {
    throw new Error(`unknown build target: ${name} (one of ${all.join(', ')})`);
  }
  if (values.watch) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
    contexts.push(ctx);
  } else {
    await esbuild.build(options);
  }
  log(`built ${name}`);
}
if (values.watch) log('watching for changes…');
if (values.watch && !process.stdin.isTTY) {
  // Started by `npm run dev`: when it goes, however it goes (even SIGKILL), its end of this
  // pipe closes, and the watcher must not live on without it.
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('error', () => process.exit(0));
}
