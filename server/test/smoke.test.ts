import { afterAll, beforeAll, expect, test } from 'vitest';
import { asFile, asShare, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

test('login, share, file, upload, download', async () => {
  const login = await h.login();
  const t = login.accesstoken;
  const share = asShare(
    await h.call('POST', `/1/shares/create?accesstoken=${t}`, { body: { title: 'x' } }),
  );
  const file = asFile(
    await h.call('POST', `/1/files/${share.sharename}/create?accesstoken=${t}`, {
      body: { filename: 'a.txt' },
    }),
  );
  expect(file.readystate).toBe('remote');
  const put = await h.call('PUT', file.upload!.puturl, { body: 'hello' });
  expect(put.text).toBe('computer says yes');
  const blob = await h.call('GET', `/1/files/${share.sharename}/0/blob`);
  expect(blob.status).toBe(302);
  const got = await h.call('GET', blob.headers.get('location')!);
  expect(got.text).toBe('hello');
});
