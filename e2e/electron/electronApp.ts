/**
 * What every `_electron.launch` spec needs: the built entry, and the reason Electron cannot run
 * here (no binary: it downloads from GitHub at first launch), so a spec skips saying why.
 */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from '@playwright/test';

export const root = resolve(import.meta.dirname, '../..');
export const entry = join(root, 'dist/main/index.cjs');

/** Why Electron cannot run here, or null when it can. */
export function missingElectron(): string | null {
  const pathFile = join(root, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) {
    return 'No Electron binary: Electron downloads it from GitHub the first time the app starts, and it has not been downloaded here. Run `npm start` once on a machine that reaches github.com, then these specs run.';
  }
  const binary = join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    return `No runnable Electron binary at ${binary}: delete node_modules/electron/dist and run \`npm start\` where github.com can be reached.`;
  }
  if (!existsSync(entry)) return 'The app is not built: run `npm run build` first.';
  return null;
}

/** Skips the spec file when Electron cannot run, and says why where people look. */
export function skipWithoutElectron(): void {
  const reason = missingElectron();
  test.skip(reason !== null, reason ?? '');
  // The list reporter does not show skip reasons.
  if (reason) console.log(`[electron specs skipped] ${reason}`);
}
