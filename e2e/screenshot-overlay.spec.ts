/**
 * The screenshot region overlay (renderer/overlay.html), the real built page in Chromium, with
 * a fixture picture standing in for the screen: a 1600×1000 "desktop" shown in an 800×500
 * window, as on a screen with scale factor 2. The page answers through `window.overlay`, which
 * the overlay's preload provides in the app; here an init script records the answers.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { expect, test, type Page } from '@playwright/test';
import type { Region } from '../shared/overlay';
import { serveStatic, type StaticSite } from './support/static';

const root = resolve(import.meta.dirname, '..');
let site: StaticSite;
let pictureUrl = '';

/** A desktop-like fixture: a background, two "windows", one with a bright title bar. */
async function fixturePicture(): Promise<string> {
  const rect = (w: number, h: number, c: { r: number; g: number; b: number }) =>
    sharp({ create: { width: w, height: h, channels: 3, background: c } })
      .png()
      .toBuffer();
  const png = await sharp({
    create: { width: 1600, height: 1000, channels: 3, background: { r: 36, g: 62, b: 110 } },
  })
    .composite([
      { input: await rect(700, 460, { r: 240, g: 240, b: 240 }), left: 160, top: 160 },
      { input: await rect(700, 40, { r: 60, g: 130, b: 240 }), left: 160, top: 160 },
      { input: await rect(500, 600, { r: 250, g: 250, b: 250 }), left: 980, top: 260 },
      { input: await rect(500, 40, { r: 230, g: 90, b: 60 }), left: 980, top: 260 },
    ])
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

test.beforeAll(async () => {
  site = await serveStatic(join(root, 'dist/renderer'));
  pictureUrl = await fixturePicture();
});
test.afterAll(async () => {
  await site?.close();
});

async function openOverlay(page: Page) {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.setViewportSize({ width: 800, height: 500 });
  await page.addInitScript((url) => {
    const answers: unknown[] = [];
    Object.assign(window, {
      __answers: answers,
      overlay: {
        picture: () => Promise.resolve({ url, width: 1600, height: 1000 }),
        done: (region: unknown) => answers.push(region),
      },
    });
  }, pictureUrl);
  await page.goto(site.pageUrl.replace('index.html', 'overlay.html'));
  await expect(page.getByTestId('region-overlay')).toHaveAttribute('data-ready', 'true');
  const answers = () =>
    page.evaluate(() => (window as unknown as { __answers: unknown[] }).__answers);
  return { errors, answers };
}

test('dragging a region answers it in the picture’s pixels; the overlay looks right', async ({
  page,
}, testInfo) => {
  const { errors, answers } = await openOverlay(page);
  await expect(page.getByRole('status')).toHaveText(
    'Drag to choose what to share · Enter shares the whole screen · Esc cancels',
  );
  // Around the first "window": 80,80 → 430,310 in the page, twice that in the picture.
  await page.mouse.move(80, 80);
  await page.mouse.down();
  await page.mouse.move(250, 200, { steps: 5 });
  await page.mouse.move(430, 310, { steps: 5 });
  await expect(page.getByTestId('region-selection')).toContainText('700 × 460');
  const dir = join(root, 'e2e-output/screenshots');
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'screenshot-region-overlay.png');
  await page.screenshot({ path });
  await testInfo.attach('region overlay', { path, contentType: 'image/png' });
  expect(await answers()).toEqual([]);
  await page.mouse.up();
  await expect.poll(answers).toEqual([{ x: 160, y: 160, width: 700, height: 460 }]);
  expect(errors).toEqual([]);
});

test('dragging up and left works too, and a region past the edge stops at the picture', async ({
  page,
}) => {
  const { answers } = await openOverlay(page);
  await page.mouse.move(700, 450);
  await page.mouse.down();
  await page.mouse.move(900, 700, { steps: 3 }); // past the window's edge
  await page.mouse.move(799, 499, { steps: 3 });
  await page.mouse.move(600, 300, { steps: 3 });
  await page.mouse.up();
  const [region] = (await answers()) as Region[];
  expect(region).toEqual({ x: 1200, y: 600, width: 200, height: 300 });
});

test('Esc cancels, a click is not a region, Enter shares the whole screen', async ({ page }) => {
  let { answers } = await openOverlay(page);
  await page.mouse.click(300, 300); // too small to be a region
  expect(await answers()).toEqual([]);
  await page.keyboard.press('Escape');
  await expect.poll(answers).toEqual([null]);
  // Answered once: later keys change nothing.
  await page.keyboard.press('Enter');
  expect(await answers()).toEqual([null]);

  ({ answers } = await openOverlay(page));
  await page.keyboard.press('Enter');
  await expect.poll(answers).toEqual([{ x: 0, y: 0, width: 1600, height: 1000 }]);
});
