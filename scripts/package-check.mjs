// Packages the app with electron-builder --dir around a stub Electron binary (no real one can
// be downloaded everywhere) and checks what went into app.asar: the built main, preload,
// server and renderer, and nothing from tests, e2e, benches or source maps.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import asar from '@electron/asar';

const work = mkdtempSync(join(tmpdir(), 'gett-package-'));
try {
  const stub = join(work, 'electron-dist');
  mkdirSync(stub);
  writeFileSync(join(stub, 'electron'), '#!/bin/sh\necho stub electron\n');
  chmodSync(join(stub, 'electron'), 0o755);
  const out = join(work, 'out');
  execFileSync(
    'npx',
    [
      'electron-builder',
      '--config',
      'electron-builder.yml',
      '--dir',
      '--linux',
      `-c.electronDist=${stub}`,
      `-c.directories.output=${out}`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, GETT_STUB_ELECTRON: '1' } },
  );
  const files = asar.listPackage(join(out, 'linux-unpacked', 'resources', 'app.asar'), {});
  const own = files.filter((f) => !f.startsWith('/node_modules/'));
  const required = [
    '/dist/main/index.cjs',
    '/dist/preload/index.cjs',
    '/dist/server/cli.cjs',
    '/dist/server/embedded.cjs',
    '/dist/renderer/index.html',
    '/package.json',
  ];
  const missing = required.filter((f) => !files.includes(f));
  const forbidden = own.filter((f) =>
    /\.(test|spec)\.|\/e2e\/|\/bench\/|\.map$|\.tsx?$|\/test\//.test(f),
  );
  if (missing.length > 0 || forbidden.length > 0) {
    console.error(
      `package check failed:\n  missing: ${missing.join(', ') || 'none'}\n  forbidden: ${forbidden.join(', ') || 'none'}`,
    );
    process.exit(1);
  }
  console.log(
    `package check: app.asar holds ${own.length} app files (main, preload, server, renderer) and no test files`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
