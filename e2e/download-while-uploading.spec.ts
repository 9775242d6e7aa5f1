import { expect, test } from './harness';
import { makeFile, startDownload } from './support/files';

test('a recipient downloads while the upload is still running and gets identical bytes', async ({
  launchApp,
  scratch,
  gatedServer: server,
  browser,
}) => {
  const account = await server.addAccount();
  const app = await launchApp({ serverUrl: server.url, account });
  const file = await makeFile(scratch('files'), 'holiday.mov', 64 * 1024 * 1024);

  // The upload gets 8 MiB through, then waits at the gate until the test lets it go on.
  server.gate.hold(8 * 1024 * 1024);
  await app.dropFiles([file.path]);
  await server.gate.blocked();
  const row = app.page.getByTestId('file-row').filter({ hasText: file.name });
  await expect(row).toHaveAttribute('data-state', 'uploading');
  const link = app.clipboard.at(-1)!;

  // The recipient's download starts while the uploader's file is not yet uploaded.
  const recipient = await startDownload(browser, link, file.name, scratch('got.mov'));
  await recipient.started;
  await expect(row).toHaveAttribute('data-state', 'uploading');

  // The uploader hears about it: a toast, a notification and the share's download counter.
  await expect(
    app.page.getByTestId('toast').filter({ hasText: `Someone is downloading ${file.name}` }),
  ).toBeVisible();
  await expect(app.page.getByTestId('share-row')).toContainText('1 download');
  expect(app.notifications).toContainEqual({ title: 'Someone is downloading', body: file.name });

  server.gate.release();
  await expect(row).toHaveAttribute('data-state', 'uploaded', { timeout: 30_000 });
  expect(await recipient.finished()).toBe(file.sha256);
  await recipient.close();
});
