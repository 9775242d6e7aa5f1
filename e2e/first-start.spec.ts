import type { ShareView } from '../shared/model';
import { expect, test } from './harness';
import { makeFile, startDownload } from './support/files';
import { watchFileRows } from './support/watch';

test('first start on the embedded server: drop three files, links first, bytes identical', async ({
  launchApp,
  scratch,
  browser,
}) => {
  const app = await launchApp();
  const { page } = app;
  await expect(page.getByTestId('empty-state')).toBeVisible();

  const dir = scratch('files');
  const files = await Promise.all([
    makeFile(dir, 'report.pdf', 3 * 1024 * 1024),
    makeFile(dir, 'notes.txt', 200 * 1024),
    makeFile(dir, 'archive.zip', 6 * 1024 * 1024),
  ]);

  const rows = await watchFileRows(page);
  let clipboardAtFirstUpload: string[] | null = null;
  app.core.onEvent((channel, payload) => {
    if (channel !== 'shares:changed' || clipboardAtFirstUpload) return;
    const views = payload as ShareView[];
    if (views.some((s) => s.files.some((f) => f.readystate === 'uploaded'))) {
      clipboardAtFirstUpload = [...app.clipboard];
    }
  });

  await app.dropFiles(files.map((f) => f.path));

  const fileRows = page.getByTestId('file-row');
  await expect(fileRows).toHaveCount(3);
  for (const f of files) {
    await expect(fileRows.filter({ hasText: f.name })).toHaveAttribute('data-state', 'uploaded');
  }
  await expect(page.getByTestId('toast').filter({ hasText: 'Links copied' })).toBeVisible();

  // One clipboard write held the share link and every file link before any upload ended.
  expect(clipboardAtFirstUpload).not.toBeNull();
  expect(clipboardAtFirstUpload).toHaveLength(1);
  const links = clipboardAtFirstUpload![0]!.split('\n');
  expect(links).toHaveLength(4);
  const shareLink = links[0]!;
  for (const link of links.slice(1)) expect(link.startsWith(`${shareLink}/v/`)).toBe(true);

  // Each file was shown with a progress bar before it showed as uploaded.
  const shown = await rows.history();
  for (const f of files) {
    expect(shown[f.name]?.progress, `progress bar of ${f.name}`).toBe(true);
    expect(shown[f.name]?.states.at(-1)).toBe('uploaded');
    expect(shown[f.name]!.states.length).toBeGreaterThan(1);
  }

  // A recipient opening each link gets the same bytes.
  for (const [i, f] of files.entries()) {
    const got = await startDownload(browser, links[i + 1]!, f.name, scratch(`got-${f.name}`));
    expect(await got.finished()).toBe(f.sha256);
    await got.close();
  }
});
