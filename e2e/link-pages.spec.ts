/**
 * Recipient pages of links that end, in Chromium: a protected share's password form (a wrong
 * password said so, the right one opens the page, its thumbnails and its downloads through the
 * share's own cookie), too many tries, time and downloads left, and the plain pages of used-up
 * and expired shares. Each state is kept as a screenshot at 320 px and full width, light and
 * dark, in e2e-output/screenshots/.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { ensureLocalAccount } from '../server/admin';
import { startServer, type RunningServer } from '../server/index';
import { screenshotsDir } from './harness';

let server: RunningServer;
let dataDir: string;
let token: string;

test.beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gett-link-pages-'));
  const account = { email: 'ann@example.test', password: 'long secret', fullname: 'Ann' };
  const { apikey } = await ensureLocalAccount(dataDir, { ...account, appName: 'pages' });
  server = await startServer({
    dataDir,
    unlockLimits: { perAccountAddress: 3, perAccount: 50, perAddress: 50, windowMs: 900_000 },
  });
  const login = await fetch(`${server.url}/1/users/login`, {
    method: 'POST',
    body: JSON.stringify({ apikey, email: account.email, password: account.password }),
  });
  token = ((await login.json()) as { accesstoken: string }).accesstoken;
});
test.afterEach(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function api<T>(path: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${server.url}${path}?accesstoken=${token}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

/** A share titled "Board minutes" with a picture and a text file, both uploaded. */
async function share(options: Record<string, unknown>): Promise<string> {
  const { sharename } = await api<{ sharename: string }>('/1/shares/create', {
    title: 'Board minutes',
    ...options,
  });
  const png = await sharp({ create: { width: 640, height: 400, channels: 3, background: '#2a7' } })
    .png()
    .toBuffer();
  for (const [filename, body] of [
    ['whiteboard.png', png],
    ['minutes.txt', Buffer.from('the minutes of the board')],
  ] as const) {
    const file = await api<{ upload: { puturl: string } }>(`/1/files/${sharename}/create`, {
      filename,
    });
    expect((await fetch(file.upload.puturl, { method: 'PUT', body })).status).toBe(200);
  }
  return sharename;
}

const shots = screenshotsDir;

/** Screenshots of the page as it is: 320 px and full width, light and dark. */
async function capture(page: Page, name: string): Promise<void> {
  await mkdir(shots, { recursive: true });
  const url = page.url();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: width === 320 ? 640 : 800 });
      await page.screenshot({
        path: join(shots, `links-${name}-${width}-${scheme}.png`),
        fullPage: true,
      });
    }
  }
  expect(page.url()).toBe(url);
  await page.emulateMedia({ colorScheme: 'light' });
}

test('a protected share asks for its password, says when it is wrong, then opens', async ({
  page,
}) => {
  const s = await share({
    password: 'correct horse',
    maxdownloads: 2,
    expires: Math.floor(Date.now() / 1000) + 3 * 86400 + 120,
  });
  await page.goto(`${server.url}/${s}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This share is protected');
  await expect(page.getByText('Board minutes')).toHaveCount(0);
  await expect(page.getByText('whiteboard.png')).toHaveCount(0);
  await capture(page, 'password');

  await page.getByLabel('Password').fill('wrong horse');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'Wrong password. Check it with the person who sent you the link, then try again.',
  );
  await capture(page, 'wrong-password');

  await page.getByLabel('Password').fill('correct horse');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page).toHaveURL(`${server.url}/${s}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Board minutes');
  await expect(page.getByText('Expires in 3 days')).toHaveCount(1);
  await expect(page.locator('li.file', { hasText: 'minutes.txt' })).toContainText(
    '2 downloads left',
  );
  // The thumbnail comes through the share's path, with the cookie.
  const thumb = page.locator('li.file', { hasText: 'whiteboard.png' }).locator('img.thumb');
  await expect
    .poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBeGreaterThan(0);
  const cookies = await page.context().cookies();
  expect(cookies).toEqual([
    expect.objectContaining({
      name: 'gett_unlock',
      path: `/${s}`,
      httpOnly: true,
      sameSite: 'Lax',
    }),
  ]);
  await capture(page, 'unlocked');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download minutes.txt' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('minutes.txt');
  expect(await readFile(await download.path(), 'utf8')).toBe('the minutes of the board');
  await page.reload();
  await expect(page.locator('li.file', { hasText: 'minutes.txt' })).toContainText(
    '1 download left',
  );

  // The file page opens with the same cookie; its preview loads.
  await page.getByRole('link', { name: 'whiteboard.png', exact: true }).click();
  const big = page.getByRole('img', { name: 'Preview of whiteboard.png' });
  await expect
    .poll(() => big.evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBeGreaterThan(0);

  // A fresh browser (no cookie) sees the form again.
  const stranger = await page.context().browser()!.newPage();
  await stranger.goto(`${server.url}/${s}/v/0`);
  await expect(stranger.getByRole('heading', { level: 1 })).toHaveText('This share is protected');
  await stranger.close();
});

test('too many wrong passwords say when to try again', async ({ page }) => {
  const s = await share({ password: 'right' });
  await page.goto(`${server.url}/${s}`);
  for (let i = 0; i < 4; i++) {
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
  }
  await expect(page.getByRole('alert')).toHaveText(
    'Too many wrong passwords for this share. Try again in 15 minutes.',
  );
  await capture(page, 'too-many');
});

test('used-up and expired shares say so plainly, with nothing else', async ({ page }) => {
  const used = await share({ maxdownloads: 1 });
  for (const id of ['0', '1']) {
    expect(
      (await fetch(`${server.url}/1/files/${used}/${id}/blob`, { redirect: 'manual' })).status,
    ).toBe(302);
  }
  await page.goto(`${server.url}/${used}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Download limit reached');
  await expect(page.getByText('Board minutes')).toHaveCount(0);
  await capture(page, 'used-up');

  const expiring = await share({ expires: Math.floor(Date.now() / 1000) + 2 });
  await page.goto(`${server.url}/${expiring}`);
  await expect(page.getByText(/Expires in \d minutes?/)).toBeVisible();
  await page.waitForTimeout(2200);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link has expired');
  await expect(page.getByText('whiteboard.png')).toHaveCount(0);
  await capture(page, 'expired');
});
