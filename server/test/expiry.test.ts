/**
 * Expired shares read like destroyed ones at once, their links stop, and their bytes are
 * deleted (the owner's storage given back) by the sweeper, also for shares that expired while
 * the server was down.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { asFile, asShare, asUser, startHarness, tempDir, type Harness } from './harness.js';

const now = (): number => Math.floor(Date.now() / 1000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

async function start(opts: Parameters<typeof startHarness>[0] = {}) {
  const h = await startHarness(opts);
  open.push(h);
  return h;
}

/** A share expiring in `seconds` with one uploaded 1000-byte file. */
async function expiringShare(h: Harness, token: string, seconds: number) {
  const t = `?accesstoken=${token}`;
  const share = asShare(
    await h.call('POST', `/1/shares/create${t}`, { body: { expires: now() + seconds } }),
  );
  const file = asFile(
    await h.call('POST', `/1/files/${share.sharename}/create${t}`, { body: { filename: 'a.bin' } }),
  );
  const put = await h.call('PUT', file.upload!.puturl, { body: new Uint8Array(1000).fill(7) });
  expect(put.status).toBe(200);
  return share.sharename;
}

async function used(h: Harness, token: string): Promise<number> {
  return asUser(await h.call('GET', `/1/users/me?accesstoken=${token}`)).storage.used;
}

function blobFiles(dataDir: string): string[] {
  return fs.readdirSync(path.join(dataDir, 'blobs')).filter((n) => !n.startsWith('.'));
}

async function until(what: () => boolean | Promise<boolean>, ms: number): Promise<number> {
  const start = Date.now();
  while (!(await what())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await sleep(50);
  }
  return Date.now() - start;
}

test('an expired share reads as removed at once, its links stop, its bytes go', async () => {
  // A slow sweeper: everything before it runs comes from reading the share as expired.
  const h = await start({ expirySweepMs: 1500 });
  const login = await h.login();
  const t = `?accesstoken=${login.accesstoken}`;
  const sharename = await expiringShare(h, login.accesstoken, 2);
  const redirect = await h.call('GET', `/1/files/${sharename}/0/blob`, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  const signed = redirect.headers.get('location')!;
  expect((await h.call('GET', signed)).status).toBe(200);
  expect(await used(h, login.accesstoken)).toBe(1000);
  expect(blobFiles(h.dataDir)).toHaveLength(1);

  // Past the expiry second, well before the sweeper's first run after it.
  const expires = asShare(await h.call('GET', `/1/shares/${sharename}${t}`)).expires!;
  await sleep(expires * 1000 - Date.now() + 20);

  const view = asShare(await h.call('GET', `/1/shares/${sharename}`));
  expect(view).toMatchObject({ readystate: 'removed', files: [] });
  expect(asShare(await h.call('GET', `/1/shares/${sharename}${t}`)).readystate).toBe('removed');
  expect((await h.call('GET', `/1/files/${sharename}/0`)).status).toBe(404);
  expect((await h.call('GET', `/1/files/${sharename}/0/blob`)).status).toBe(404);
  expect((await h.call('GET', signed)).status).toBe(404);
  const update = await h.call('POST', `/1/shares/${sharename}/update${t}`, {
    body: { title: 'x' },
  });
  expect(update.status).toBe(410);
  const list = (await h.call('GET', `/1/shares${t}`)).json as { sharename: string }[];
  expect(list.map((s) => s.sharename)).not.toContain(sharename);

  // The sweeper deletes the bytes and gives the storage back.
  await until(async () => (await used(h, login.accesstoken)) === 0, 5000);
  await until(() => blobFiles(h.dataDir).length === 0, 5000);
  // Destroying it afterwards is the usual success.
  const destroy = await h.call('POST', `/1/shares/${sharename}/destroy${t}`);
  expect(destroy.json).toEqual({ success: true });
});

test('shares that expired while the server was down are deleted when it starts', async () => {
  const dataDir = tempDir();
  const hour = 3_600_000;
  const first = await startHarness({ dataDir, expirySweepMs: hour });
  const login = await first.login();
  const sharename = await expiringShare(first, login.accesstoken, 1);
  const keep = await expiringShare(first, login.accesstoken, 3600);
  await first.server.close();
  expect(blobFiles(dataDir)).toHaveLength(2);
  await sleep(2100);

  // The timer is an hour away: only the sweep at start can give the storage back.
  const second = await start({ dataDir, expirySweepMs: hour });
  await until(() => blobFiles(dataDir).length === 1, 5000);
  expect(await used(second, login.accesstoken)).toBe(1000);
  expect(asShare(await second.call('GET', `/1/shares/${sharename}`)).readystate).toBe('removed');
  expect(asShare(await second.call('GET', `/1/shares/${keep}`)).files).toHaveLength(1);
});
