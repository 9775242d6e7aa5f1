/**
 * axe-core on every server page and every window state, light and dark: no serious or
 * critical violation (WCAG 2.1 A and AA rules).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './harness';
import { makeFile } from './support/files';

/** Runs axe on what the page shows now; fails listing each serious or critical violation. */
async function checkAxe(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes
          .map((n) => `${n.target.join(' ')} [${n.any[0]?.message ?? ''}]`)
          .join(', ')}`,
    );
  expect(bad, `axe on ${what}`).toEqual([]);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`window states and server pages pass axe (${scheme})`, async ({
    launchApp,
    scratch,
    browser,
    gatedServer: server,
  }) => {
    test.setTimeout(180_000);
    const account = await server.addAccount();
    const app = await launchApp({ serverUrl: server.url, account, colorScheme: scheme });
    const { page } = app;
    await expect(page.getByTestId('empty-state')).toBeVisible();
    await checkAxe(page, `the empty window (${scheme})`);

    const dir = scratch('files');
    const files = [
      await makeFile(dir, 'notes.txt', 1000),
      await makeFile(dir, 'a-rather-long-file-name-of-the-quarterly-report.pdf', 4 * 1024 * 1024),
    ];
    server.gate.hold(1000 + 1024 * 1024);
    await app.dropFiles(files.map((f) => f.path));
    await server.gate.blocked();
    const rows = page.getByTestId('file-row');
    await expect(rows.filter({ hasText: files[0]!.name })).toHaveAttribute(
      'data-state',
      'uploaded',
    );
    await checkAxe(page, `the share list while uploading (${scheme})`);
    const [shareLink, fileLink] = app.clipboard.at(-1)!.split('\n');

    // The recipient's pages while the second file is still uploading.
    const context = await browser.newContext({ colorScheme: scheme });
    const visitor = await context.newPage();
    await visitor.goto(shareLink!);
    await expect(visitor.getByRole('heading', { level: 1 })).toBeVisible();
    await checkAxe(visitor, `the share page while uploading (${scheme})`);
    await visitor.goto(fileLink!);
    await checkAxe(visitor, `a file page (${scheme})`);

    server.gate.release();
    await expect(rows.filter({ hasText: files[1]!.name })).toHaveAttribute(
      'data-state',
      'uploaded',
      { timeout: 30_000 },
    );
    await checkAxe(page, `the share list (${scheme})`);
    await visitor.goto(shareLink!);
    await expect(visitor.getByText('Ready').first()).toBeVisible();
    await checkAxe(visitor, `the share page, every file ready (${scheme})`);
    await visitor.goto(`${server.url}/NoSuchShare`);
    await checkAxe(visitor, `the page of an unknown share (${scheme})`);

    for (const path of ['/', '/login', '/signup']) {
      await visitor.goto(server.url + path);
      await checkAxe(visitor, `${path} (${scheme})`);
    }
    await visitor.goto(`${server.url}/login`);
    await visitor.getByLabel('Email').fill(account.email);
    await visitor.getByLabel('Password').fill(account.password);
    await visitor.getByRole('button', { name: 'Log in' }).click();
    await expect(visitor).toHaveURL(/\/developers$/);
    await checkAxe(visitor, `/developers (${scheme})`);
    await visitor.goto(`${server.url}/`);
    await checkAxe(visitor, `/ signed in (${scheme})`);
    await context.close();

    // Dialogs and settings of the window.
    await page.getByRole('button', { name: `More actions for ${files[0]!.name}` }).click();
    await checkAxe(page, `a row's menu (${scheme})`);
    await page.getByRole('menuitem', { name: 'Show QR code' }).click();
    await expect(page.getByTestId('qr-dialog')).toBeVisible();
    await checkAxe(page, `the QR code dialog (${scheme})`);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByTestId('settings')).toBeVisible();
    await checkAxe(page, `settings (${scheme})`);
    await page.getByRole('radio', { name: 'A remote server' }).check();
    await checkAxe(page, `settings, the remote server form (${scheme})`);
  });
}
