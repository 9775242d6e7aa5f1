/**
 * An account's storage is bounded by the disk as well as by its limit: a server whose accounts
 * have more room than its disk (the embedded server's own account has 1 TiB) shows and accepts
 * what the disk can really take.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { asUser, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const diskFree = () => {
  const s = fs.statfsSync(path.join(h.dataDir, 'blobs'));
  return s.bavail * s.bsize;
};

test('/users/me shows the disk, not a limit larger than the disk', async () => {
  const huge = 2 ** 52; // 4 PiB: more than any disk this runs on
  const login = await h.login({ storageLimit: huge });
  const res = await h.call('GET', `/1/users/me?accesstoken=${login.accesstoken}`);
  const { storage } = asUser(res);
  const free = (res.json as { storage: { free: number } }).storage.free;
  const disk = diskFree();
  expect(storage.limit).toBeLessThan(huge);
  // Within 1% of what the disk can take (other processes write meanwhile).
  expect(Math.abs(storage.limit - storage.used - disk)).toBeLessThan(disk * 0.01 + 1e6);
  expect(Math.abs(free - disk)).toBeLessThan(disk * 0.01 + 1e6);
});

test('a small limit stays the limit', async () => {
  const login = await h.login({ storageLimit: 5_000_000 });
  const { storage } = asUser(await h.call('GET', `/1/users/me?accesstoken=${login.accesstoken}`));
  expect(storage.limit).toBe(5_000_000);
});

test('an upload larger than the disk is refused up front with storageLimit', async () => {
  const login = await h.login({ storageLimit: 2 ** 52 });
  const t = `?accesstoken=${login.accesstoken}`;
  const share = (await h.call('POST', `/1/shares/create${t}`)).json as { sharename: string };
  const file = (
    await h.call('POST', `/1/files/${share.sharename}/create${t}`, {
      body: { filename: 'huge.iso' },
    })
  ).json as { fileid: string; upload: { tusurl?: string } };
  expect(file.upload.tusurl).toBeTruthy();
  const res = await h.call('POST', file.upload.tusurl!, {
    headers: { 'tus-resumable': '1.0.0', 'upload-length': String(diskFree() * 2) },
  });
  expect(res.status).toBe(413);
});
