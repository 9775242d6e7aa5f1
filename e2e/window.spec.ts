import { expect, test } from './harness';
import { makeFile } from './support/files';

test('a reloaded window shows the shares and settings again', async ({ launchApp }, testInfo) => {
  const app = await launchApp({ colorScheme: 'dark' });
  const file = await makeFile(testInfo.outputPath('files'), 'kept.txt', 4096);
  await app.dropFiles([file.path]);
  const row = app.page.getByTestId('file-row').filter({ hasText: file.name });
  await expect(row).toHaveAttribute('data-state', 'uploaded');
  await app.page.reload();
  await expect(row).toHaveAttribute('data-state', 'uploaded');
  await expect(app.page.getByTestId('storage')).toBeVisible();
});

// Known bug: the live status is only pushed when it changes and there is no command to read
// it, so a window opened (or reloaded) after the socket went online says "connecting" for good.
// In the app this happens when the window is closed to the tray and opened again.
test.fail('a reopened window shows the live connection as online', async ({ launchApp }) => {
  const app = await launchApp();
  await app.page.reload();
  await expect(app.page.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
});
