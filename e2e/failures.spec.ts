import { expect, test } from './harness';
import { makeFile, startDownload } from './support/files';
import { addAccount, startCliServer } from './support/servers';

const cleanup: (() => Promise<void>)[] = [];
test.afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

test('server stopped mid-upload: a clear message, then the upload recovers by itself', async ({
  launchApp,
  scratch,
  gatedServer: server,
}) => {
  // A restart and the uploader's backoff take a while on a busy machine.
  test.slow();
  const { gate } = server;
  const app = await launchApp({ serverUrl: server.url, account: await server.addAccount() });
  const file = await makeFile(scratch('files'), 'dataset.csv', 16 * 1024 * 1024);

  gate.hold(2 * 1024 * 1024);
  await app.dropFiles([file.path]);
  await gate.blocked();
  const row = app.page.getByTestId('file-row').filter({ hasText: file.name });
  await expect(row).toHaveAttribute('data-state', 'uploading');

  // The operator stops the server while the upload is running.
  await server.stop();
  gate.release();
  // The window says the server is away; the upload does not pretend to be done.
  const status = app.page.getByTestId('connection-status');
  await expect(status).toHaveAttribute('data-status', /reconnecting|offline/);
  await expect(status).toContainText(/Reconnecting|cannot be reached/);
  await expect(row).not.toHaveAttribute('data-state', 'uploaded');
  await expect(row).toContainText('waiting for the server to come back');
  await app.screenshot('error-server-down-light');

  // It comes back on the same port and data: the app reconnects and finishes the upload.
  await server.start();
  await expect(status).toHaveAttribute('data-status', 'online');
  // The uploader's retries back off up to 15 s between attempts.
  await expect(row).toHaveAttribute('data-state', 'uploaded', { timeout: 40_000 });
  const got = await startDownload(
    app.context.browser()!,
    app.clipboard.at(-1)!,
    file.name,
    scratch('got.csv'),
  );
  expect(await got.finished()).toBe(file.sha256);
  await got.close();
});

test('a full account: the file says storage is full and what to do', async ({
  launchApp,
  scratch,
}) => {
  const dataDir = scratch('gett-server');
  const server = await startCliServer(dataDir);
  cleanup.push(() => server.stop());
  const account = await addAccount(dataDir, { storageLimit: 100_000 });
  const app = await launchApp({ serverUrl: server.url, account });
  const file = await makeFile(scratch('files'), 'too-big.iso', 400 * 1024);

  await app.dropFiles([file.path]);
  const row = app.page.getByTestId('file-row').filter({ hasText: file.name });
  await expect(row).toHaveAttribute('data-state', 'failed');
  // The link was still made and copied; only the bytes did not fit.
  expect(app.clipboard.at(-1)).toMatch(/\/v\/0$/);
  await expect(row).toContainText('Your storage is full.');
  await expect(row).toContainText('Delete old shares to free space, then retry.');
  const toast = app.page.getByTestId('toast').filter({ hasText: 'Your storage is full.' });
  await expect(toast).toHaveAttribute('data-kind', 'error');
  await expect(toast).toContainText(file.name);
  await app.screenshot('error-storage-full-light');
});

test('deleting a share: its recipients see that it was removed', async ({
  launchApp,
  scratch,
  browser,
}) => {
  const app = await launchApp();
  const file = await makeFile(scratch('files'), 'draft.docx', 64 * 1024);
  await app.dropFiles([file.path]);
  const row = app.page.getByTestId('file-row').filter({ hasText: file.name });
  await expect(row).toHaveAttribute('data-state', 'uploaded');
  const shareLink = app.clipboard.at(-1)!.replace(/\/v\/0$/, '');

  // A recipient has the share open.
  const recipient = await browser.newContext();
  cleanup.push(() => recipient.close());
  const page = await recipient.newPage();
  await page.goto(shareLink);
  await expect(page.getByRole('link', { name: `Download ${file.name}` })).toBeVisible();

  await app.page.getByRole('button', { name: 'More actions for Untitled share' }).click();
  await app.page.getByRole('menuitem', { name: 'Delete' }).click();
  const dialog = app.page.getByRole('dialog');
  await expect(dialog).toContainText('Untitled share');
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(app.page.getByTestId('empty-state')).toBeVisible();

  await page.reload();
  await expect(page.getByText('These files have been removed by the owner.')).toBeVisible();
  await expect(page.getByRole('link', { name: `Download ${file.name}` })).toHaveCount(0);
  const blob = await page.request.get(`${shareLink.replace(/\/([^/]+)$/, '/1/files/$1')}/0/blob`);
  expect(blob.status()).toBeGreaterThanOrEqual(400);
});
