import { expect, test } from './harness';
import { makeFile, startDownload } from './support/files';
import { addAccount, startCliServer, type CliServer } from './support/servers';

let server: CliServer | undefined;
test.afterEach(async () => {
  await server?.stop();
});

test('sign in to a separate gett-server with an API key, share, sign out; a wrong password is explained', async ({
  launchApp,
  scratch,
  browser,
}) => {
  const dataDir = scratch('gett-server');
  server = await startCliServer(dataDir);
  const account = await addAccount(dataDir);
  const app = await launchApp();
  const { page } = app;

  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByTestId('settings');
  await settings.getByRole('radio', { name: 'A remote server' }).check();
  const form = settings.getByRole('form', { name: 'Sign in to a remote server' });
  await form.getByLabel('Server URL').fill(server.url);
  await form.getByLabel('API key').fill(account.apikey);
  await form.getByLabel('Email').fill(account.email);
  await form.getByLabel('Password').fill('not the password');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(settings.getByTestId('sign-in-error')).toHaveText(
    /^Wrong email, password or API key\. Check them and try again\./,
  );
  await app.screenshot('settings-sign-in-error-light');

  await form.getByLabel('Password').fill(account.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(settings.getByTestId('account-line')).toHaveText(
    `Signed in as ${account.email} on ${server.url}.Sign out`,
  );
  await expect(settings.getByTestId('sign-in-error')).toBeHidden();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');

  // Shares now live on the remote server: a new account starts empty.
  await page.getByRole('button', { name: 'Back to shares' }).click();
  await expect(page.getByTestId('empty-state')).toBeVisible();
  const file = await makeFile(scratch('files'), 'minutes.txt', 300 * 1024);
  await app.dropFiles([file.path]);
  const row = page.getByTestId('file-row').filter({ hasText: file.name });
  await expect(row).toHaveAttribute('data-state', 'uploaded');
  const link = app.clipboard.at(-1)!;
  expect(link.startsWith(`${server.url}/`)).toBe(true);
  const recipient = await startDownload(browser, link, file.name, scratch('got.txt'));
  expect(await recipient.finished()).toBe(file.sha256);
  await recipient.close();

  await page.getByRole('button', { name: 'Settings' }).click();
  await settings.getByRole('button', { name: 'Sign out' }).click();
  await expect(settings.getByTestId('account-line')).toHaveText('Not signed in.');
  await page.getByRole('button', { name: 'Back to shares' }).click();
  await expect(page.getByTestId('account-error')).toHaveAttribute('data-code', 'signedOut');
  await expect(page.getByTestId('account-error')).toContainText(
    'You are signed out. Sign in again in Settings.',
  );
  // The share itself stays on the server for its recipients.
  const again = await startDownload(browser, link, file.name, scratch('again.txt'));
  expect(await again.finished()).toBe(file.sha256);
  await again.close();
});

test("signing out clears the previous account's shares from the window", async ({
  launchApp,
  scratch,
}) => {
  const dataDir = scratch('gett-server');
  server = await startCliServer(dataDir);
  const app = await launchApp({ serverUrl: server.url, account: await addAccount(dataDir) });
  const file = await makeFile(scratch('files'), 'private.txt', 1024);
  await app.dropFiles([file.path]);
  await expect(app.page.getByTestId('file-row')).toHaveAttribute('data-state', 'uploaded');
  await app.page.getByRole('button', { name: 'Settings' }).click();
  await app.page.getByRole('button', { name: 'Sign out' }).click();
  await expect(app.page.getByTestId('account-line')).toHaveText('Not signed in.');
  await app.page.getByRole('button', { name: 'Back to shares' }).click();
  await expect(app.page.getByTestId('file-row')).toHaveCount(0);
});
