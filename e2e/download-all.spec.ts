import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from './harness';
import { makeFile, sha256File } from './support/files';
import { addAccount, startGatedServer, type GatedServer } from './support/servers';

const run = promisify(execFile);
const MiB = 1024 * 1024;

let server: GatedServer;
test.afterEach(async () => {
  await server?.close();
});

test('a recipient downloads all of a 3-file share as one zip while the third file still uploads', async ({
  launchApp,
  scratch,
  browser,
}) => {
  server = await startGatedServer(scratch('remote'));
  const account = await addAccount(server.dataDir);
  const app = await launchApp({
    serverUrl: server.url,
    account,
    settings: { uploadConcurrency: 1 },
  });
  const dir = scratch('files');
  const files = [
    await makeFile(dir, 'notes.txt', 300 * 1024),
    await makeFile(dir, 'photo.jpg', 2 * MiB),
    await makeFile(dir, 'film.mov', 24 * MiB),
  ];

  // The first two files and 4 MiB of the third get through; then the third waits at the gate.
  server.gate.hold(300 * 1024 + 2 * MiB + 4 * MiB);
  await app.dropFiles(files.map((f) => f.path));
  await server.gate.blocked();
  const row = (name: string) => app.page.getByTestId('file-row').filter({ hasText: name });
  await expect(row('notes.txt')).toHaveAttribute('data-state', 'uploaded');
  await expect(row('photo.jpg')).toHaveAttribute('data-state', 'uploaded');
  await expect(row('film.mov')).toHaveAttribute('data-state', 'uploading');
  const shareLink = app.clipboard.at(-1)!.split('\n')[0]!;

  // A recipient in a browser of their own opens the share link and clicks Download all.
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(shareLink);
  const downloading = page.waitForEvent('download', { timeout: 0 });
  await page.getByRole('link', { name: 'Download all' }).click({ noWaitAfter: true });
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  // The zip is on its way while the third file is still uploading.
  await expect(row('film.mov')).toHaveAttribute('data-state', 'uploading');

  server.gate.release();
  await expect(row('film.mov')).toHaveAttribute('data-state', 'uploaded', { timeout: 30_000 });
  expect(await download.failure()).toBeNull();
  const zip = scratch('all.zip');
  await download.saveAs(zip);
  await context.close();

  // A real unzip: the archive tests clean, and every file comes out byte-identical.
  const { stdout } = await run('unzip', ['-t', zip]);
  expect(stdout).toContain('No errors detected');
  const out = scratch('unzipped');
  await run('unzip', ['-q', zip, '-d', out]);
  expect((await readdir(out)).sort()).toEqual(files.map((f) => f.name).sort());
  for (const f of files) expect(await sha256File(join(out, f.name)), f.name).toBe(f.sha256);
});
