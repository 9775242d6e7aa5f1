/**
 * Recipient pages of the server in Chromium: the share page with previews, QR code and
 * removed files, and its live progress while an upload runs (the test feeds the PUT piece by
 * piece and waits for the page to show each step).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { WebSocket } from 'ws';
import { ensureLocalAccount } from '../server/admin';
import { startServer, type RunningServer } from '../server/index';
import { removeFileForTerms } from '../server/moderation/remove';

interface Created {
  sharename: string;
  fileid: string;
  puturl: string;
}

let server: RunningServer;
let dataDir: string;
let token: string;

test.beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gett-pages-'));
  const account = { email: 'ann@example.test', password: 'long secret', fullname: 'Ann' };
  const { apikey } = await ensureLocalAccount(dataDir, { ...account, appName: 'pages' });
  server = await startServer({ dataDir });
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
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function createFile(sharename: string, filename: string, session?: string): Promise<Created> {
  const file = await api<{ fileid: string; upload: { puturl: string } }>(
    `/1/files/${sharename}/create`,
    session ? { filename, session } : { filename },
  );
  return { sharename, fileid: file.fileid, puturl: file.upload.puturl };
}

/** A PUT whose body the test writes piece by piece. */
function slowPut(puturl: string, length: number) {
  const req = request(puturl, { method: 'PUT', headers: { 'content-length': length } });
  const done = new Promise<number>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  return {
    write: (chunk: Buffer) => new Promise<void>((resolve) => req.write(chunk, () => resolve())),
    end: () => {
      req.end();
      return done;
    },
  };
}

async function put(puturl: string, content: Buffer): Promise<void> {
  const upload = slowPut(puturl, content.length);
  await upload.write(content);
  expect(await upload.end()).toBe(200);
}

test('the share page lists files with previews, sizes, a QR code and removed files', async ({
  page,
}) => {
  const share = await api<{ sharename: string }>('/1/shares/create', { title: 'Holiday' });
  const photo = await createFile(share.sharename, 'beach.png');
  const png = await sharp({
    create: { width: 40, height: 30, channels: 3, background: { r: 20, g: 120, b: 200 } },
  })
    .png()
    .toBuffer();
  await put(photo.puturl, png);
  const doc = await createFile(share.sharename, 'notes.txt');
  await put(doc.puturl, Buffer.alloc(2500, 65));
  const bad = await createFile(share.sharename, 'bad.exe');
  await put(bad.puturl, Buffer.from('MZ'));
  await removeFileForTerms(dataDir, { ...bad, reason: 'malware found' });
  await createFile(share.sharename, 'later.txt', 'nobody-online');

  await page.goto(`${server.url}/${share.sharename}`);
  await expect(page).toHaveTitle('Holiday · Gett');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Holiday');
  await expect(page.getByRole('img', { name: 'QR code of the link' }).locator('svg')).toBeVisible();
  await expect(page.getByText(`${server.publicUrl}/${share.sharename}`)).toBeVisible();

  const photoRow = page.locator('li.file', { hasText: 'beach.png' });
  const thumb = photoRow.locator('img.thumb');
  await expect(thumb).toBeVisible();
  await expect
    .poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBeGreaterThan(0);
  await expect(page.locator('li.file', { hasText: 'notes.txt' })).toContainText('2.5 kB');
  await expect(page.getByRole('link', { name: 'Download notes.txt' })).toBeVisible();

  const removed = page.locator('li.file', { hasText: 'bad.exe' });
  await expect(removed.getByRole('status')).toHaveText('Removed: malware found');
  await expect(page.getByRole('link', { name: 'Download bad.exe' })).toHaveCount(0);
  await expect(page.locator('li.file', { hasText: 'later.txt' }).getByRole('status')).toHaveText(
    'Not uploaded yet, and the uploader is offline: try again later',
  );

  // The file page shows the image itself; the download button is reachable by keyboard.
  await photoRow.getByRole('link', { name: 'beach.png', exact: true }).click();
  await expect(page).toHaveURL(`${server.url}/${share.sharename}/v/${photo.fileid}`);
  const big = page.getByRole('img', { name: 'Preview of beach.png' });
  await expect
    .poll(() => big.evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBeGreaterThan(0);
  await page.keyboard.press('Tab');
  for (let i = 0; i < 5; i++) {
    if (
      (await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))) ===
      'Download beach.png'
    )
      break;
    await page.keyboard.press('Tab');
  }
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
    'Download beach.png',
  );

  // Dark mode follows the system.
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await background();
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background()).not.toBe(light);
});

test('the page shows live progress while an upload runs, then the finished file', async ({
  page,
}) => {
  const share = await api<{ sharename: string }>('/1/shares/create', {});
  const file = await createFile(share.sharename, 'video.bin');
  const content = randomBytes(1_000_000);
  const upload = slowPut(file.puturl, content.length);
  await upload.write(content.subarray(0, 250_000));

  await page.goto(`${server.url}/${share.sharename}`);
  const row = page.locator('li.file', { hasText: 'video.bin' });
  const status = row.getByRole('status');
  await expect(status).toHaveText('Uploading 25%');
  await expect(row.locator('progress')).toHaveJSProperty('value', 25);

  // The page follows the upload by itself, without a reload.
  await upload.write(content.subarray(250_000, 450_000));
  await expect(status).toHaveText('Uploading 45%');
  await expect(row.locator('progress')).toHaveJSProperty('value', 45);
  await upload.write(content.subarray(450_000));
  expect(await upload.end()).toBe(200);
  await expect(status).toHaveText('Ready');
  await expect(row.locator('progress')).toBeHidden();
});

test('a remote file waits for its uploader, who is told, then the recipient gets the bytes', async ({
  page,
}) => {
  const share = await api<{ sharename: string }>('/1/shares/create', {});
  const uploader = new WebSocket(`ws://127.0.0.1:${server.port}/`);
  const events: string[] = [];
  uploader.on('message', (data: Buffer) => events.push(data.toString()));
  await new Promise((resolve) => uploader.once('open', resolve));
  uploader.send(JSON.stringify({ type: 'connect', accesstoken: token, session: 'desk-1' }));
  await expect
    .poll(
      async () =>
        (
          (await (await fetch(`${server.url}/1/shares/${share.sharename}`)).json()) as {
            live: boolean;
          }
        ).live,
    )
    .toBe(true);
  const file = await createFile(share.sharename, 'queued.bin', 'desk-1');

  await page.goto(`${server.url}/${share.sharename}`);
  const status = page.locator('li.file', { hasText: 'queued.bin' }).getByRole('status');
  await expect(status).toHaveText('Waiting for the uploader: the upload starts when you download');

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download queued.bin' }).click({ noWaitAfter: true });
  await expect.poll(() => events.find((e) => e.includes('"download"'))).toBeTruthy();
  const content = randomBytes(300_000);
  await put(file.puturl, content);
  const saved = await download;
  const path = await saved.path();
  const got = await readFile(path);
  expect(createHash('sha256').update(got).digest('hex')).toBe(
    createHash('sha256').update(content).digest('hex'),
  );
  uploader.close();
});
