/**
 * The entry points of "share from anywhere" in the real Electron app: gett:// links (macOS
 * open-url, a second instance's argv), the update policy's "Restart to update" and the
 * screenshot shortcut. They skip where no Electron binary exists; main/launch/app.test.ts
 * drives the same glue with a stand-in for Electron.
 */
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { entry, root, skipWithoutElectron } from './electronApp';

skipWithoutElectron();

let app: ElectronApplication | undefined;
let dir = '';
test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gett-electron-entry-'));
});
test.afterEach(async () => {
  await app?.close();
  app = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function launch(args: string[] = []) {
  app = await electron.launch({
    args: [entry, `--user-data-dir=${join(dir, 'userData')}`, ...args],
    cwd: root,
  });
  const window = await app.firstWindow();
  await expect(window.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
  // Keep downloads out of the person's own Downloads folder.
  await app.evaluate(({ app: a }, d) => a.setPath('downloads', d), join(dir, 'Downloads'));
  return { app, window };
}

/** Shares one file through the window's API and waits until it is uploaded; returns its link. */
async function shareOne(window: Awaited<ReturnType<typeof launch>>['window'], name: string) {
  const path = join(dir, name);
  await writeFile(path, `contents of ${name}`);
  const result = await window.evaluate(
    (p) =>
      (
        window as unknown as {
          api: {
            shares: { drop(r: { paths: string[] }): Promise<{ value: { links: string[] } }> };
          };
        }
      ).api.shares.drop({ paths: [p] }),
    path,
  );
  await expect(window.getByTestId('file-row').filter({ hasText: name })).toHaveAttribute(
    'data-state',
    'uploaded',
  );
  return result.value.links[0]!;
}

test('a gett:// link from open-url downloads the file into Downloads with progress shown', async () => {
  const { app: a, window } = await launch();
  const link = (await shareOne(window, 'linked.txt')).replace(/^http:/, 'gett:');
  await a.evaluate(({ app: e }, url) => e.emit('open-url', { preventDefault() {} }, url), link);
  await expect(window.getByTestId('downloads-summary')).toContainText('Saved');
  expect(await readFile(join(dir, 'Downloads', 'linked.txt'), 'utf8')).toBe(
    'contents of linked.txt',
  );
});

test('the app registers itself for gett:// links', async () => {
  const { app: a } = await launch();
  const registered = await a.evaluate(({ app: e }) =>
    process.defaultApp
      ? e.isDefaultProtocolClient('gett', process.execPath, [process.argv[1] ?? '.'])
      : e.isDefaultProtocolClient('gett'),
  );
  expect(registered).toBe(true);
});

test('a malformed gett:// link on the command line says what a link looks like', async () => {
  const { window } = await launch(['gett://example.org/']);
  await expect(
    window.getByTestId('toast').filter({ hasText: 'A Gett link looks like gett://host/share' }),
  ).toBeVisible();
});

test('`--screenshot=screen` from a second instance shares the screen with its link copied', async () => {
  const { app: a, window } = await launch();
  await a.evaluate(({ app: e }) =>
    e.emit(
      'second-instance',
      { preventDefault() {} },
      [process.execPath, '.', '--screenshot=screen'],
      '/',
    ),
  );
  const row = window.getByTestId('file-row').filter({ hasText: /^Screenshot .*\.png/ });
  await expect(row).toHaveAttribute('data-state', 'uploaded');
  const clipboard = await a.evaluate(({ clipboard }) => clipboard.readText());
  expect(clipboard).toMatch(/^http:\/\/.+\/v\/\w+$/);
});

test('the region overlay opens over the screen and Esc cancels it without sharing', async () => {
  const { app: a, window } = await launch();
  const overlayOpened = a.waitForEvent('window');
  await a.evaluate(({ app: e }) =>
    e.emit(
      'second-instance',
      { preventDefault() {} },
      [process.execPath, '.', '--screenshot'],
      '/',
    ),
  );
  const overlay = await overlayOpened;
  await expect(overlay.getByTestId('region-overlay')).toHaveAttribute('data-ready', 'true');
  await overlay.keyboard.press('Escape');
  await overlay.waitForEvent('close');
  await expect(window.getByTestId('file-row').filter({ hasText: /^Screenshot / })).toHaveCount(0);
});
