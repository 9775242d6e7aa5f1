/**
 * The window at the widths people dock it at (320, 480 and 960 px), light and dark: the empty,
 * uploading, stalled, paused, settings and dialog (QR code, the row's menu, delete confirmation)
 * states each keep links, names and sizes
 * readable, nothing scrolls sideways, and toasts never cover a dialog or the status bar.
 * Screenshots land in e2e-output/screenshots/ as sizes-<state>-<width>-<scheme>.png.
 */
import type { Page } from '@playwright/test';
import { expect, test, type App } from './harness';
import { makeFile } from './support/files';

const WIDTHS = [320, 480, 960] as const;

/** What a person would notice is broken in the layout at this width; empty when fine. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1 || window.scrollX !== 0) {
      problems.push(`the window scrolls sideways (${doc.scrollWidth} px > ${doc.clientWidth} px)`);
    }
    for (const el of document.querySelectorAll<HTMLElement>('.settings, .share-list')) {
      if (el.scrollWidth > el.clientWidth + 1) {
        problems.push(`${el.className} scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`);
      }
    }
    // A truncated text must still show a useful part of itself.
    const readable = (sel: string, min: number) => {
      for (const el of document.querySelectorAll<HTMLElement>(sel)) {
        const cut = el.scrollWidth > el.clientWidth + 1;
        if (cut && el.clientWidth < min) {
          problems.push(`${sel} "${el.textContent}" shows only ${el.clientWidth} px`);
        }
      }
    };
    readable('.share__link', 150);
    readable('.file__name', 150);
    readable('.share__title', 150);
    // One line each: meta and progress text must not wrap into the next row.
    for (const el of document.querySelectorAll<HTMLElement>(
      '.file__meta, .progress__text, .share__meta',
    )) {
      const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 20;
      if (el.getBoundingClientRect().height > lineHeight * 1.5) {
        problems.push(
          `"${el.textContent}" wraps to ${Math.round(el.getBoundingClientRect().height)} px`,
        );
      }
    }
    for (const row of document.querySelectorAll<HTMLElement>('[data-testid="file-row"]')) {
      const inner = row.firstElementChild as HTMLElement | null;
      if (inner && inner.scrollHeight > row.clientHeight + 1) {
        problems.push(`file row "${row.textContent}" overflows its height`);
      }
    }
    // Whatever is on top at the centre of a dialog's controls and the status must be them.
    const covered = (el: Element) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return false;
      const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return top !== null && !el.contains(top) && !top.contains(el);
    };
    for (const el of document.querySelectorAll('[role="dialog"] button, [role="dialog"] img')) {
      if (covered(el)) problems.push(`"${el.textContent || el.getAttribute('alt')}" is covered`);
    }
    // Filled buttons keep their label readable (WCAG AA, 4.5:1) in light and dark.
    const luminance = (css: string) => {
      const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
        const c = Number(v) / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    for (const el of document.querySelectorAll<HTMLElement>('.button--primary, .button--danger')) {
      const style = getComputedStyle(el);
      if (el.getBoundingClientRect().width === 0) continue;
      const [a, b] = [luminance(style.color), luminance(style.backgroundColor)];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 4.5) problems.push(`"${el.textContent}" has contrast ${ratio.toFixed(2)}:1`);
    }
    // Under a modal's backdrop the status is meant to be out of reach.
    const status = document.querySelector('[data-testid="connection-status"]');
    const modal = document.querySelector('[role="dialog"]');
    if (status && !modal && covered(status)) problems.push('the connection status is covered');
    return problems;
  });
}

/** `open` runs after each resize, for what a resize closes (a menu). */
async function shoot(app: App, state: string, scheme: string, open?: () => Promise<void>) {
  for (const width of WIDTHS) {
    await app.page.setViewportSize({ width, height: 640 });
    await open?.();
    await app.screenshot(`sizes-${state}-${width}-${scheme}`);
    await expect
      .poll(() => layoutProblems(app.page), { message: `${state} at ${width} px` })
      .toEqual([]);
  }
  await app.page.setViewportSize({ width: 960, height: 640 });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`the window works from 320 px up (${scheme})`, async ({
    launchApp,
    scratch,
    gatedServer: server,
  }) => {
    test.setTimeout(120_000);
    const account = await server.addAccount();
    const app = await launchApp({
      serverUrl: server.url,
      account,
      colorScheme: scheme,
      settings: { uploadConcurrency: 1 },
    });
    const { page } = app;
    await expect(page.getByTestId('empty-state')).toBeVisible();
    await shoot(app, 'empty', scheme);

    const dir = scratch('files');
    const files = await Promise.all(
      ['big-video-of-the-summer-party.mp4', 'Quarterly report.pdf', 'notes.md'].map((n, i) =>
        makeFile(dir, n, (3 - i) * 8 * 1024 * 1024),
      ),
    );
    server.gate.hold(6 * 1024 * 1024);
    await app.dropFiles(files.map((f) => f.path));
    await server.gate.blocked();
    const first = page.getByTestId('file-row').filter({ hasText: files[0]!.name });
    await expect(first).toHaveAttribute('data-state', 'uploading');
    await shoot(app, 'uploading', scheme);

    // Nothing moves: the row stops claiming a speed and a time left.
    await expect(first).toContainText('stalled', { timeout: 15_000 });
    await shoot(app, 'stalled', scheme);

    await first.getByRole('button', { name: `Pause ${files[0]!.name}` }).click();
    await expect(first).toHaveAttribute('data-state', 'paused');
    await expect(first).not.toContainText('0 B of');
    await shoot(app, 'paused', scheme);
    // At 320 px the badge is hidden: the row's own text says it is paused, and that is not cut.
    await page.setViewportSize({ width: 320, height: 640 });
    const word = first.locator('.progress__state');
    await expect(word).toBeVisible();
    await expect(word).toHaveText(' · paused');
    const [wordRight, textRight] = await Promise.all([
      word.evaluate((e) => e.getBoundingClientRect().right),
      first.locator('.progress__text').evaluate((e) => e.getBoundingClientRect().right),
    ]);
    expect(wordRight).toBeLessThanOrEqual(textRight);
    await page.setViewportSize({ width: 960, height: 640 });
    await expect(word).toBeHidden();

    // A toast is up while the QR dialog opens.
    await page.getByRole('button', { name: `Copy link for ${files[1]!.name}` }).click();
    await expect(page.getByTestId('toast')).toBeVisible();
    await page.getByRole('button', { name: `More actions for ${files[1]!.name}` }).click();
    await page.getByRole('menuitem', { name: 'Show QR code' }).click();
    await expect(page.getByTestId('qr-dialog')).toBeVisible();
    await expect(page.getByTestId('qr-dialog').getByRole('img')).toBeVisible();
    await shoot(app, 'dialog', scheme);
    await page.keyboard.press('Escape');

    // The share row's Copy as… menu, opened from the keyboard, and the delete confirmation.
    const shareRow = page.getByTestId('share-row');
    await shoot(app, 'menu', scheme, async () => {
      // Resizing closed the menu (the button may have moved): open it again from the row.
      await expect(page.getByRole('menu')).toHaveCount(0);
      await shareRow.focus();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('menuitem', { name: 'Copy as Markdown' })).toBeFocused();
    });
    await page.keyboard.press('Escape');
    await shareRow.focus();
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('confirm-delete')).toBeVisible();
    await shoot(app, 'delete', scheme);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByTestId('settings')).toBeVisible();
    await shoot(app, 'settings', scheme);
  });
}
