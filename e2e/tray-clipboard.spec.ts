import { readFile } from 'node:fs/promises';
import { watchTray } from '../main/tray/trayState';
import { trayTemplate, type TrayItem, type TrayState } from '../main/tray/trayTemplate';
import { expect, test, type App } from './harness';
import { makeFile, startDownload } from './support/files';

/** The tray menu, wired to the core's handlers as main/index.ts wires it; clicks can be awaited. */
function tray(app: App) {
  const h = app.core.handlers;
  let last: Promise<unknown> = Promise.resolve();
  const run = (p: Promise<unknown>) => {
    last = p;
  };
  // The tray's state comes from the core's events, as main/index.ts wires it.
  let state: TrayState | undefined;
  watchTray(app.core, (s) => (state = s));
  const menu = () =>
    trayTemplate(state!, {
      shareFiles: () => run(h['shares:chooseFiles']({})),
      shareClipboard: () => run(h['shares:shareClipboard'](undefined)),
      screenshot: () => run(app.core.screenshot('region')),
      copyLink: (text) => run(h['links:copy']({ text })),
      pauseAll: () => run(h['uploads:pauseAll'](undefined)),
      resumeAll: () => run(h['uploads:resumeAll'](undefined)),
      open: () => undefined,
      restartToUpdate: () => run(h['update:restart'](undefined)),
      quit: () => undefined,
    });
  const find = (items: readonly TrayItem[], label: string): TrayItem | undefined =>
    items.find((i) => i.label === label) ??
    items.flatMap((i) => (i.submenu ? [find(i.submenu, label)] : [])).find(Boolean);
  return {
    menu,
    click: async (label: string) => {
      const item = find(menu(), label);
      if (!item?.click) throw new Error(`no tray item "${label}"`);
      item.click();
      return last;
    },
  };
}

test('tray: Share files… uses the file dialog, then a recent link copies again', async ({
  launchApp,
  scratch,
}) => {
  const app = await launchApp();
  const dir = scratch('files');
  const files = [await makeFile(dir, 'a.txt', 1000), await makeFile(dir, 'b.txt', 2000)];
  app.answerFileDialog(files.map((f) => f.path));

  const menu = tray(app);
  await menu.click('Share files…');
  const rows = app.page.getByTestId('file-row');
  for (const f of files) {
    await expect(rows.filter({ hasText: f.name })).toHaveAttribute('data-state', 'uploaded');
  }
  const links = app.clipboard.at(-1)!.split('\n');
  expect(links).toHaveLength(3);

  // Recent links in the tray, by name: clicking one puts it back on the clipboard.
  const recent = menu.menu().find((i) => i.label === 'Recent links')!.submenu!;
  expect(recent.map((i) => i.label)).toEqual([
    `a.txt and 1 more — ${links[0]}`,
    `a.txt — ${links[1]}`,
    `b.txt — ${links[2]}`,
  ]);
  await menu.click(`a.txt — ${links[1]}`);
  expect(app.clipboard.at(-1)).toBe(links[1]);
});

test('tray: Share clipboard shares copied files, and text as a text file', async ({
  launchApp,
  scratch,
  browser,
}) => {
  const app = await launchApp();
  const file = await makeFile(scratch('files'), 'copied.bin', 50_000);
  app.shell.clipboardContent.filePaths = [file.path];
  await tray(app).click('Share clipboard');
  const row = app.page.getByTestId('file-row').filter({ hasText: 'copied.bin' });
  await expect(row).toHaveAttribute('data-state', 'uploaded');

  app.shell.clipboardContent.filePaths = [];
  app.shell.clipboardContent.text = 'Meeting at 10, room 4.';
  await tray(app).click('Share clipboard');
  const textRow = app.page.getByTestId('file-row').filter({ hasText: /^.*Clipboard text/ });
  await expect(textRow).toHaveAttribute('data-state', 'uploaded');
  const name = (await textRow.locator('.file__name').textContent())!;
  const got = await startDownload(browser, app.clipboard.at(-1)!, name, scratch('t'));
  await got.finished();
  expect(await readFile(scratch('t'), 'utf8')).toBe('Meeting at 10, room 4.');
  await got.close();
});

test('window: Choose files and pasting the clipboard go through the same services', async ({
  launchApp,
  scratch,
}) => {
  const app = await launchApp();
  const file = await makeFile(scratch('files'), 'chosen.pdf', 10_000);
  app.answerFileDialog([file.path]);
  await app.page.getByRole('banner').getByRole('button', { name: 'Choose files' }).click();
  const rows = app.page.getByTestId('file-row');
  await expect(rows.filter({ hasText: 'chosen.pdf' })).toHaveAttribute('data-state', 'uploaded');
  await expect(app.page.getByTestId('toast').filter({ hasText: 'Link copied' })).toBeVisible();

  // Ctrl+V outside a text field with only text on the clipboard shares the text.
  app.shell.clipboardContent.text = 'pasted words';
  await app.page.evaluate(() => {
    const event = new ClipboardEvent('paste', {
      bubbles: true,
      cancelable: true,
      clipboardData: new DataTransfer(),
    });
    document.body.dispatchEvent(event);
  });
  await expect(rows.filter({ hasText: 'Clipboard text' })).toHaveAttribute(
    'data-state',
    'uploaded',
  );
  expect(app.clipboard).toHaveLength(2);
});
