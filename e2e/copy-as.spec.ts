/** Copy as…: a share's and a file's link as plain text, Markdown, HTML and all links. */
import { expect, test } from './harness';
import { makeFile } from './support/files';

test('the share row copies its link in every form, by keyboard and by mouse', async ({
  launchApp,
  scratch,
  browser,
}) => {
  const app = await launchApp();
  const dir = scratch('files');
  const files = await Promise.all([
    makeFile(dir, 'notes [draft]*.txt', 1200),
    makeFile(dir, `a&b <c> 'd'.txt`, 800),
  ]);
  await app.dropFiles(files.map((f) => f.path));
  const rows = app.page.getByTestId('file-row');
  for (const f of files) {
    await expect(rows.filter({ hasText: f.name })).toHaveAttribute('data-state', 'uploaded');
  }
  const [shareLink, link0, link1] = app.clipboard.at(-1)!.split('\n');
  const page = app.page;
  const shareRow = page.getByTestId('share-row');
  await shareRow.focus();
  await page.keyboard.press('F2');
  await page.keyboard.type('Q3 & <Q4> [final]');
  await page.keyboard.press('Enter');
  await expect(shareRow).toContainText('Q3 & <Q4> [final]');
  await expect(shareRow).toBeFocused();

  const copied = async (expected: string) => {
    await expect.poll(() => app.clipboard.at(-1)).toBe(expected);
  };
  // Plain link: Enter on the row.
  await page.keyboard.press('Enter');
  await copied(shareLink!);

  // The menu from the keyboard: Tab past the title and Copy link, Enter opens it.
  const more = page.getByRole('button', { name: 'More actions for Q3 & <Q4> [final]' });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(more).toBeFocused();
  const choose = async (downs: number) => {
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menuitem', { name: 'Copy as Markdown' })).toBeFocused();
    for (let i = 0; i < downs; i += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menu')).toHaveCount(0);
    await expect(more).toBeFocused();
  };
  await choose(0);
  await copied(`[Q3 \\& \\<Q4\\> \\[final\\]](${shareLink})`);
  await choose(1);
  const shareHtml = `<a href="${shareLink}">Q3 &amp; &lt;Q4&gt; [final]</a>`;
  await copied(shareHtml);
  await choose(2);
  const all = [
    `Q3 & <Q4> [final]: ${shareLink}`,
    `notes [draft]*.txt: ${link0}`,
    `a&b <c> 'd'.txt: ${link1}`,
  ].join('\n');
  await copied(all);
  await expect(page.getByTestId('toast').last()).toContainText(
    'All links of Q3 & <Q4> [final] copied, one per line',
  );

  // A file's menu with the mouse.
  await page.getByRole('button', { name: 'More actions for notes [draft]*.txt' }).click();
  await page.getByRole('menuitem', { name: 'Copy as Markdown' }).click();
  await copied(`[notes \\[draft\\]\\*.txt](${link0})`);
  await page.getByRole('button', { name: `More actions for a&b <c> 'd'.txt` }).click();
  await page.getByRole('menuitem', { name: 'Copy as HTML' }).click();
  const fileHtml = `<a href="${link1}">a&amp;b &lt;c&gt; &#39;d&#39;.txt</a>`;
  await copied(fileHtml);

  // The HTML reads back as the same link and name in a browser, and every copied link works.
  const reader = await browser.newContext();
  try {
    const p = await reader.newPage();
    await p.setContent(`${shareHtml}${fileHtml}`);
    expect(
      await p
        .locator('a')
        .evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent])),
    ).toEqual([
      [shareLink, 'Q3 & <Q4> [final]'],
      [link1, `a&b <c> 'd'.txt`],
    ]);
    for (const line of all.split('\n')) {
      const url = line.slice(line.lastIndexOf(' ') + 1);
      expect((await p.request.get(url)).status(), url).toBe(200);
    }
  } finally {
    await reader.close();
  }
});
