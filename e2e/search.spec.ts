/**
 * Searching a history of 1,000 real shares: by title and by file name, from the keyboard, with
 * a clear "No shares match" and a way back; the list stays virtualized throughout.
 */
import type { Credentials } from '../shared/gett';
import { expect, test } from './harness';

const SHARES = 1000;

/** Creates `count` shares over the Ge.tt REST API, each with one small uploaded file. */
async function seedShares(url: string, account: Credentials) {
  const call = async (path: string, body?: unknown, method = 'POST') => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const login = await call('/1/users/login', account);
  const token = `accesstoken=${encodeURIComponent(String(login.accesstoken))}`;
  let next = 0;
  const worker = async () => {
    while (next < SHARES) {
      const i = next++;
      const share = await call(`/1/shares/create?${token}`, { title: `Project ${i}` });
      const name = String(share.sharename);
      const file = await call(`/1/files/${name}/create?${token}`, { filename: `scan-${i}.png` });
      const upload = file.upload as { puturl: string };
      const put = await fetch(upload.puturl, { method: 'PUT', body: `bytes of ${i}` });
      if (!put.ok) throw new Error(`PUT ${i}: ${put.status}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

test('1,000 shares are searched by title and file name from the keyboard', async ({
  launchApp,
  gatedServer: server,
}) => {
  test.setTimeout(120_000);
  const account = await server.addAccount();
  await seedShares(server.url, account);
  const app = await launchApp({ serverUrl: server.url, account });
  const { page } = app;
  const list = page.getByTestId('share-list');
  await expect(list).toBeVisible();
  const inDom = () => page.locator('[role="listitem"]').count();
  await expect(page.locator('[role="listitem"]').first()).toHaveAttribute(
    'aria-setsize',
    String(SHARES * 2),
  );
  expect(await inDom()).toBeLessThan(60);

  // Ctrl+F from the list, then a title.
  await page.getByTestId('share-row').first().focus();
  await page.keyboard.press('Control+f');
  const search = page.getByRole('searchbox', { name: 'Search shares' });
  await expect(search).toBeFocused();
  const started = Date.now();
  await page.keyboard.type('project 123');
  await expect(page.getByTestId('search-count')).toHaveText('1 of 1,000 shares');
  console.log(
    `typing and filtering "project 123" over ${SHARES} shares: ${Date.now() - started} ms`,
  );
  await expect(page.getByTestId('share-row')).toHaveCount(1);
  await expect(page.getByTestId('share-row')).toContainText('Project 123');
  await expect(page.getByTestId('file-row')).toContainText('scan-123.png');

  // A file name (scan-99 and scan-990 … scan-999); Arrow Down moves into the results and Enter copies the file's link.
  await search.fill('scan-99');
  await expect(page.getByTestId('search-count')).toHaveText('11 of 1,000 shares');
  expect(await inDom()).toBeLessThanOrEqual(22);
  await search.press('ArrowDown');
  await expect(page.getByTestId('share-row').first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect.poll(() => app.clipboard.at(-1)).toMatch(/\/v\/0$/);
  await expect(page.getByTestId('toast').last()).toContainText(/Link copied for scan-99\d?\.png/);

  // Nothing matches: say so, and clear from there.
  await page.keyboard.press('Control+f');
  await page.keyboard.type('invoice');
  const empty = page.getByTestId('search-empty');
  await expect(empty).toContainText('No shares match “invoice”');
  await empty.getByRole('button', { name: 'Clear search' }).click();
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('');
  await expect(list).toBeVisible();
  expect(await inDom()).toBeLessThan(60);

  // Escape clears a search typed in the box.
  await page.keyboard.type('project 5');
  await expect(page.getByTestId('search-count')).toContainText('of 1,000 shares');
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await expect(page.getByTestId('search-count')).toHaveText('');
});
