/**
 * The packaged shape of the app: Electron itself, launched by Playwright. These need an
 * Electron binary, which machines without GitHub access cannot download; there they skip and
 * say why. The browser specs in e2e/ cover the same flows with the real renderer and core.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { entry, root, skipWithoutElectron } from './electronApp';

skipWithoutElectron();

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
    [
      'account',
      'downloads',
      'files',
      'links',
      'live',
      'settings',
      'shares',
      'toasts',
      'updates',
      'uploads',
    ].sort(),
  );
});
