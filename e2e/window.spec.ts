import { expect, test } from './harness';
import { makeFile } from './support/files';

test('a reloaded window shows the shares and settings again', async ({ launchApp, scratch }) => {
  const app = await launchApp({ colorScheme: 'dark' });
  const file = await makeFile(scratch('files'), 'kept.txt', 4096);
  await app.dropFiles([file.path]);
  const row = app.page.getByTestId('file-row').filter({ hasText: file.name });
  await expect(row).toHaveAttribute('data-state', 'uploaded');
  await app.page.reload();
  await expect(row).toHaveAttribute('data-state', 'uploaded');
  await expect(app.page.getByTestId('storage')).toBeVisible();
});

test('dropping onto a share adds the files to it', async ({ launchApp, scratch }) => {
  const app = await launchApp();
  const dir = scratch('files');
  const first = await makeFile(dir, 'one.txt', 1000);
  const second = await makeFile(dir, 'two.txt', 2000);
  await app.dropFiles([first.path]);
  const share = app.page.getByTestId('share-row');
  await expect(share).toHaveCount(1);
  await app.dropFiles([second.path], { onto: share });
  const rows = app.page.getByTestId('file-row');
  await expect(rows.filter({ hasText: 'two.txt' })).toHaveAttribute('data-state', 'uploaded');
  await expect(share).toHaveCount(1);
  await expect(rows).toHaveCount(2);
  expect(app.clipboard.at(-1)).toMatch(/\/v\/1$/);
});

test('a reopened window shows the live connection as online', async ({ launchApp }) => {
  const app = await launchApp();
  await app.page.reload();
  await expect(app.page.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
});
