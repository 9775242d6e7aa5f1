/** Screenshots of the main states in light and dark, kept in e2e-output/screenshots/. */
import { expect, test } from './harness';
import { makeFile, startDownload } from './support/files';

for (const scheme of ['light', 'dark'] as const) {
  test(`main states look right (${scheme})`, async ({
    launchApp,
    scratch,
    browser,
    gatedServer: server,
  }) => {
    const account = await server.addAccount();
    const app = await launchApp({ serverUrl: server.url, account, colorScheme: scheme });
    const { page } = app;
    await expect(page.getByTestId('empty-state')).toBeVisible();
    await app.screenshot(`empty-${scheme}`);

    const dir = scratch('files');
    const files = await Promise.all(
      ['Quarterly report.pdf', 'team-photo.jpg', 'budget.xlsx', 'notes.md'].map((n, i) =>
        makeFile(dir, n, (i + 1) * 2 * 1024 * 1024),
      ),
    );
    server.gate.hold(3 * 1024 * 1024);
    await app.dropFiles(files.map((f) => f.path));
    await server.gate.blocked();
    const rows = page.getByTestId('file-row');
    await expect(rows.first()).toHaveAttribute('data-state', 'uploading');
    await app.screenshot(`uploading-${scheme}`);

    server.gate.release();
    // 20 MB through the gate: a busy machine needs more than the default 5 s.
    for (const f of files) {
      await expect(rows.filter({ hasText: f.name })).toHaveAttribute('data-state', 'uploaded', {
        timeout: 30_000,
      });
    }
    const link = app.clipboard.at(-1)!.split('\n')[1]!;
    const got = await startDownload(browser, link, files[0]!.name, scratch('got'));
    await got.finished();
    await got.close();
    await expect(page.getByTestId('share-row')).toContainText('1 download');
    await app.screenshot(`share-with-downloads-${scheme}`);

    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByTestId('settings')).toBeVisible();
    await app.screenshot(`settings-${scheme}`);

    await page.getByRole('radio', { name: 'A remote server' }).check();
    const form = page.getByRole('form', { name: 'Sign in to a remote server' });
    await form.getByLabel('Server URL').fill(server.url);
    await form.getByLabel('API key').fill(account.apikey);
    await form.getByLabel('Email').fill(account.email);
    await form.getByLabel('Password').fill('wrong password');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('sign-in-error')).toBeVisible();
    await app.screenshot(`error-sign-in-${scheme}`);
  });
}
