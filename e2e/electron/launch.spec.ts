/**
 * The packaged shape of the app: Electron itself, launched by Playwright. These need an
 * Electron binary, which machines without GitHub access cannot download; there they skip and
 * say why. The browser specs in e2e/ cover the same flows with the real renderer and core.
 */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';

const root = resolve(import.meta.dirname, '../..');
const entry = join(root, 'dist/main/index.cjs');

/** Why Electron cannot run here, or null when it can. */
function missingElectron(): string | null {
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

const reason = missingElectron();
test.skip(reason !== null, reason ?? '');
// The list reporter does not show skip reasons; say it where people look.
if (reason) console.log(`[electron specs skipped] ${reason}`);

let app: ElectronApplication | undefined;
let userData = '';
test.beforeEach(async () => {
  userData = await mkdtemp(join(tmpdir(), 'gett-electron-'));
});
test.afterEach(async () => {
  await app?.close();
  app = undefined;
  await rm(userData, { recursive: true, force: true });
});

test('the app opens its window with the title and a working bridge', async () => {
  app = await electron.launch({ args: [entry, `--user-data-dir=${userData}`], cwd: root });
  const window = await app.firstWindow();
  await expect(window).toHaveTitle('Gett Desktop');
  await expect(
    window.getByTestId('empty-state').or(window.getByTestId('share-list')),
  ).toBeVisible();
  await expect(window.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
  // The sandboxed page sees only the named API, never Node or a generic IPC.
  const shape = await window.evaluate(() => ({
    api: Object.keys((window as unknown as { api: object }).api).sort(),
    require: typeof (window as unknown as { require?: unknown }).require,
  }));
  expect(shape.require).toBe('undefined');
  expect(shape.api).toEqual(
    ['account', 'files', 'links', 'live', 'settings', 'shares', 'toasts', 'uploads'].sort(),
  );
});
