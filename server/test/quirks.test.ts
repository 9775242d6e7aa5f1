/**
 * The compatibility rules of gett-api.md §10 that other files do not already hold, and the
 * live-hook seam the live API builds on (waiting for a `remote` file's uploader).
 */
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import type { ServerExtension } from '../context.js';
import { asFile, asShare, startHarness, type Harness, type Login } from './harness.js';
import { openRequest } from './rawhttp.js';

// A stand-in live layer: every session is live; downloads of remote files wait for the upload.
const waiting = new Map<string, () => void>();
const aborted: string[] = [];
const liveStandIn: ServerExtension = () => ({
  hooks: {
    isSessionLive: (_user, session) => session === 'live-session',
    isUserLive: () => true,
    onUploadStarted: (file) => waiting.get(`${file.sharename}/${file.fileid}`)?.(),
    waitForUpload: (file, signal) =>
      new Promise<void>((resolve, reject) => {
        waiting.set(`${file.sharename}/${file.fileid}`, resolve);
        signal.addEventListener('abort', () => {
          aborted.push(`${file.sharename}/${file.fileid}`);
          reject(new Error('gone'));
        });
      }),
  },
});

let h: Harness;
let me: Login;
beforeAll(async () => {
  h = await startHarness({ extensions: [liveStandIn] });
  me = await h.login();
});
afterAll(() => h.close());

async function newFile(filename: string, session?: string) {
  const t = `?accesstoken=${me.accesstoken}`;
  const share = asShare(await h.call('POST', `/1/shares/create${t}`));
  return asFile(
    await h.call('POST', `/1/files/${share.sharename}/create${t}`, { body: { filename, session } }),
  );
}

test('every success is exactly 200 (never 201 or 204)', async () => {
  const t = `?accesstoken=${me.accesstoken}`;
  const file = await newFile('x.txt');
  const calls = [
    await h.call('POST', `/1/shares/create${t}`),
    await h.call('GET', `/1/files/${file.sharename}/0`),
    await h.call('PUT', file.upload!.puturl, { body: 'x' }),
    await h.call('POST', `/1/shares/${file.sharename}/update${t}`, { body: { title: 't' } }),
    await h.call('POST', `/1/files/${file.sharename}/0/destroy${t}`),
  ];
  expect(calls.map((c) => c.status)).toEqual([200, 200, 200, 200, 200]);
});

test('remote files show in listings with live: true while the owner is connected', async () => {
  const file = await newFile('queued.bin', 'live-session');
  const share = asShare(await h.call('GET', `/1/shares/${file.sharename}`));
  expect(share.live).toBe(true);
  expect(share.files.map((f) => f.readystate)).toEqual(['remote']);
});

test('a download of a remote file waits for its uploader, then follows the upload', async () => {
  const file = await newFile('wait.txt', 'live-session');
  const redirect = await h.call('GET', `/1/files/${file.sharename}/0/blob`);
  expect(redirect.status).toBe(302);
  const download = fetch(redirect.headers.get('location')!).then((r) => r.text());
  await vi.waitFor(() => expect(waiting.has(`${file.sharename}/0`)).toBe(true));
  const upload = openRequest('PUT', file.upload!.puturl);
  await upload.write('arrived ');
  await upload.write('later');
  expect((await upload.end()).body.toString()).toBe('computer says yes');
  expect(await download).toBe('arrived later');
});

test('a downloader who leaves while waiting is reported through the abort signal', async () => {
  const file = await newFile('abandoned.txt', 'live-session');
  const redirect = await h.call('GET', `/1/files/${file.sharename}/0/blob`);
  const controller = new AbortController();
  const download = fetch(redirect.headers.get('location')!, { signal: controller.signal });
  await vi.waitFor(() => expect(waiting.has(`${file.sharename}/0`)).toBe(true));
  expect(aborted).not.toContain(`${file.sharename}/0`);
  controller.abort();
  await expect(download).rejects.toThrow();
  await vi.waitFor(() => expect(aborted).toContain(`${file.sharename}/0`));
});

test('chunked multipart POST (no Content-Length) is accepted', async () => {
  const file = await newFile('chunked.txt');
  const boundary = 'XyZ';
  const req = openRequest('POST', file.upload!.posturl, {
    'content-type': `multipart/form-data; boundary=${boundary}`,
  });
  await req.write(
    `--${boundary}\r\nContent-Disposition: form-data; name="Filedata"; filename="a"\r\n\r\n`,
  );
  await req.write('chunked ');
  await req.write('multipart');
  await req.write(`\r\n--${boundary}--\r\n`);
  const res = await req.end();
  expect(res.status).toBe(200);
  expect(res.body.toString()).toBe('computer says yes');
  const redirect = await h.call('GET', `/1/files/${file.sharename}/0/blob`);
  expect((await h.call('GET', redirect.headers.get('location')!)).text).toBe('chunked multipart');
});

test('a newer upload to the same file wins; the older one is told', async () => {
  const file = await newFile('race.txt');
  const older = openRequest('PUT', file.upload!.puturl);
  await older.write('old bytes');
  await vi.waitFor(async () =>
    expect(asFile(await h.call('GET', `/1/files/${file.sharename}/0`)).readystate).toBe(
      'uploading',
    ),
  );
  expect((await h.call('PUT', file.upload!.puturl, { body: 'new bytes' })).text).toBe(
    'computer says yes',
  );
  const first = await older.response;
  expect(first.status).toBe(409);
  expect(first.body.toString()).toMatch(/newer upload/);
  const redirect = await h.call('GET', `/1/files/${file.sharename}/0/blob`);
  expect((await h.call('GET', redirect.headers.get('location')!)).text).toBe('new bytes');
});

test('the /api/1 alias reaches the same API', async () => {
  const res = await h.call('GET', `/api/1/users/me?accesstoken=${me.accesstoken}`);
  expect(res.status).toBe(200);
});
