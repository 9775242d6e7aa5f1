/**
 * Settings never scrolls sideways: at 320, 480 and 960 px, with the embedded form and with the
 * remote sign-in form (and its error) shown, the document is no wider than the window, nothing
 * sticks out past its right edge, and trying to scroll sideways moves neither the header nor
 * the status bar.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './harness';

const WIDTHS = [320, 480, 960] as const;

/** Everything that would make Settings wider than the window; empty when it fits. */
async function sidewaysProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) {
      problems.push(`document is ${doc.scrollWidth} px wide in a ${doc.clientWidth} px window`);
    }
    const settings = document.querySelector<HTMLElement>('[data-testid="settings"]');
    if (settings && settings.scrollWidth > settings.clientWidth) {
      problems.push(`settings is ${settings.scrollWidth} px wide in ${settings.clientWidth} px`);
    }
    // The widest element is what a person would have to scroll to see (hidden ones included).
    for (const el of document.querySelectorAll<HTMLElement>('.app *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > doc.clientWidth + 0.5) {
        const name = `${el.tagName.toLowerCase()}.${el.className || '-'}`;
        problems.push(`${name} "${(el.textContent ?? '').slice(0, 40)}" ends at ${r.right} px`);
      }
    }
    // Try to scroll the window and the settings sideways: header and status bar stay put.
    window.scrollTo(10_000, 0);
    settings?.scrollTo({ left: 10_000 });
    for (const sel of ['.topbar', '.statusbar', '[data-testid="settings"]']) {
      const el = document.querySelector(sel);
      const left = el?.getBoundingClientRect().left ?? 0;
      if (left !== 0) problems.push(`${sel} moved sideways to ${left} px`);
    }
    if (window.scrollX !== 0) problems.push(`the window scrolled to x=${window.scrollX}`);
    if (settings && settings.scrollLeft !== 0) {
      problems.push(`settings scrolled to x=${settings.scrollLeft}`);
    }
    window.scrollTo(0, 0);
    settings?.scrollTo({ left: 0 });
    return problems;
  });
}

async function fitsAtEveryWidth(page: Page, state: string) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 640 });
    await expect
      .poll(() => sidewaysProblems(page), { message: `${state} at ${width} px` })
      .toEqual([]);
  }
}

test('Settings never scrolls sideways at 320, 480 and 960 px', async ({ launchApp }) => {
  const app = await launchApp();
  const { page } = app;
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('settings')).toBeVisible();
  await fitsAtEveryWidth(page, 'embedded server settings');

  await page.setViewportSize({ width: 960, height: 640 });
  await page.getByRole('radio', { name: 'A remote server' }).check();
  const form = page.getByRole('form', { name: 'Sign in to a remote server' });
  await expect(form).toBeVisible();
  await fitsAtEveryWidth(page, 'remote sign-in form');

  await form.getByLabel('Server URL').fill('http://127.0.0.1:9/a-rather-long/path/to/a/server');
  await form.getByLabel('API key').fill('key');
  await form.getByLabel('Email').fill('someone.with.a.long.address@example.com');
  await form.getByLabel('Password').fill('wrong password');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sign-in-error')).toBeVisible({ timeout: 20_000 });
  await fitsAtEveryWidth(page, 'sign-in error');
});
