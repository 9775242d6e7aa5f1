/** Upload completion syncs the blob to disk before the file is marked uploaded. */
import fs from 'node:fs';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { asFile, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

test('the blob is fsynced before the file says uploaded', async () => {
  const me = await h.login();
  const t = `?accesstoken=${me.accesstoken}`;
  const share = (await h.call('POST', `/1/shares/create${t}`)).json as { sharename: string };
  const file = asFile(
    await h.call('POST', `/1/files/${share.sharename}/create${t}`, { body: { filename: 'a' } }),
  );
  const synced: string[] = [];
  const real = fs.fsync;
  const spy = vi.spyOn(fs, 'fsync').mockImplementation((fd, cb) => {
    synced.push(fs.readlinkSync(`/proc/self/fd/${fd}`));
    real(fd, cb);
  });
  try {
    expect((await h.call('PUT', file.upload!.puturl, { body: 'durable bytes' })).status).toBe(200);
  } finally {
    spy.mockRestore();
  }
  expect(synced.some((p) => p.includes(`${h.dataDir}/blobs/`))).toBe(true);
});
