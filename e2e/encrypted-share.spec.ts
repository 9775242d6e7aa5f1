/**
 * An end-to-end encrypted share in Chromium: a 200 MB file dropped into an encrypted share,
 * a second browser opens the link and its download starts while the upload is held half-way,
 * the browser decrypts as the bytes arrive (through the page's service worker), the saved
 * file is byte-identical, the page's JS heap stays bounded, and the server's data dir holds
 * none of the plaintext and not the key.
 */
import { open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './harness';
import { makeFile, sha256File } from './support/files';

const MiB = 1024 * 1024;

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Whether `needle` occurs in the file at `path`, read 8 MiB at a time. */
async function holds(path: string, needle: Buffer): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(8 * MiB + needle.length);
    let carry = 0;
    for (let pos = 0; ;) {
      const { bytesRead } = await fh.read(buf, carry, 8 * MiB, pos);
      if (bytesRead === 0) return false;
      if (buf.subarray(0, carry + bytesRead).includes(needle)) return true;
      pos += bytesRead;
      buf.copy(buf, 0, carry + bytesRead - needle.length + 1, carry + bytesRead);
      carry = needle.length - 1;
    }
  } finally {
    await fh.close();
  }
}

// Not passing yet: the download the service worker answers never reaches Playwright's
// `download` event (the click gives no download within 4 minutes); see the e2ee report.
test.fixme('a recipient decrypts an encrypted 200 MB file in the browser while it uploads', async ({
  launchApp,
  scratch,
  gatedServer: server,
  browser,
}) => {
  test.setTimeout(240_000);
  const account = await server.addAccount();
  const app = await launchApp({
    serverUrl: server.url,
    account,
    settings: { encryptShares: true },
  });
  const file = await makeFile(scratch('files'), 'quarterly-figures.bin', 200 * 1000 * 1000);

  server.gate.hold(16 * MiB);
  await app.dropFiles([file.path]);
  await server.gate.blocked();
  const link = app.clipboard.at(-1)!;
  expect(new URL(link).hash).toMatch(/^#[A-Za-z0-9_-]{22}$/);
  const row = app.page.getByTestId('file-row').filter({ hasText: file.name });
  await expect(row).toHaveAttribute('data-state', 'uploading');

  // The recipient's own browser: the page shows the decrypted name and downloads at once.
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.getByText(file.name)).toBeVisible();
  const started = page.waitForEvent('download', { timeout: 0 });
  await page.getByRole('button', { name: `Download ${file.name}` }).click();
  const download = await started;
  // Started while the upload is still held half-way.
  await expect(row).toHaveAttribute('data-state', 'uploading');

  // The page's JS heap while the bytes stream through.
  let heapMax = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const used = await page.evaluate(
        () =>
          (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize,
      );
      heapMax = Math.max(heapMax, used);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();

  server.gate.release();
  const failure = await download.failure();
  sampling = false;
  await sampler;
  expect(failure).toBeNull();
  const saved = scratch('got.bin');
  await download.saveAs(saved);
  expect(await sha256File(saved)).toBe(file.sha256);
  console.log(`encrypted download: page JS heap peak ${(heapMax / MiB).toFixed(1)} MiB`);
  expect(heapMax).toBeLessThan(64 * MiB);
  await expect(row).toHaveAttribute('data-state', 'uploaded', { timeout: 60_000 });

  // The server's data dir: no piece of the plaintext, not the name, not the key.
  const plain = await readFile(file.path);
  const needles = [
    plain.subarray(0, 32),
    plain.subarray(100 * 1000 * 1000, 100 * 1000 * 1000 + 32),
    Buffer.from(file.name),
    Buffer.from(new URL(link).hash.slice(1)),
  ];
  for (const path of await filesUnder(server.dataDir)) {
    for (const n of needles) expect(await holds(path, n), path).toBe(false);
  }
  await context.close();
});

test('an encrypted link without its key, or with a wrong one, says so', async ({
  launchApp,
  scratch,
  gatedServer: server,
  browser,
}) => {
  const account = await server.addAccount();
  const app = await launchApp({
    serverUrl: server.url,
    account,
    settings: { encryptShares: true },
  });
  const file = await makeFile(scratch('files'), 'notes.txt', 1000);
  await app.dropFiles([file.path]);
  const row = app.page.getByTestId('file-row').filter({ hasText: file.name });
  await expect(row).toHaveAttribute('data-state', 'uploaded');
  const link = app.clipboard.at(-1)!;
  const page = await (await browser.newContext()).newPage();
  await page.goto(link.split('#')[0]!);
  await expect(page.getByRole('status').first()).toContainText('This link has no key');
  // Only the fragment changes: load the page again, as a recipient opening that link would.
  await page.goto(`${link.split('#')[0]!}#AAAAAAAAAAAAAAAAAAAAAA`);
  await page.reload();
  await expect(page.getByRole('status').first()).toContainText('does not open these files');
  await page.context().close();
});
