/** One order and one way of writing sizes, in the window and on the recipient's page. */
import { expect, test } from './harness';
import { makeFile } from './support/files';

test('files keep their drop order in the window, after a rename and on the recipient page', async ({
  launchApp,
  scratch,
  browser,
}) => {
  const app = await launchApp();
  const dir = scratch('files');
  const names = ['first.txt', 'second.txt', 'third.txt'];
  const files = await Promise.all(names.map((n, i) => makeFile(dir, n, 2500 * (i + 1))));
  await app.dropFiles(files.map((f) => f.path));
  const rows = app.page.getByTestId('file-row');
  for (const f of files) {
    await expect(rows.filter({ hasText: f.name })).toHaveAttribute('data-state', 'uploaded');
  }
  const order = () =>
    rows.evaluateAll((els) => els.map((e) => e.querySelector('.file__name')?.textContent));
  await expect.poll(order).toEqual(names);
  await expect(rows.filter({ hasText: 'first.txt' })).toContainText('2.5 kB');

  const shareRow = app.page.getByTestId('share-row');
  await shareRow.focus();
  await app.page.keyboard.press('F2');
  await app.page.keyboard.type('Three files');
  await app.page.keyboard.press('Enter');
  await expect(shareRow).toContainText('Three files');
  await expect(shareRow).toBeFocused();
  await app.page.reload();
  await expect(rows).toHaveCount(3);
  await expect.poll(order).toEqual(names);

  const shareLink = app.clipboard.at(-1)!.split('\n')[0]!;
  const recipient = await browser.newContext();
  try {
    const page = await recipient.newPage();
    await page.goto(shareLink);
    const items = page.locator('li.file');
    await expect(items).toHaveCount(3);
    const onPage = await items.evaluateAll((els) =>
      els.map((e) =>
        ['first.txt', 'second.txt', 'third.txt'].find((n) => e.textContent?.includes(n)),
      ),
    );
    expect(onPage).toEqual(names);
    await expect(items.first()).toContainText('2.5 kB');
  } finally {
    await recipient.close();
  }
});
