/** Blob upload (gett-api.md §6): PUT and POST, chunked, zero bytes, partial bodies, limits. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { ServerExtension } from '../context.js';
import type { FileRecord } from '../storage/types.js';
import { asFile, asUser, errorOf, startHarness, type Harness, type Login } from './harness.js';
import { openRequest } from './rawhttp.js';

const events: string[] = [];
const recorder: ServerExtension = () => ({
  hooks: {
    onUploadStarted: (f: FileRecord, size) =>
      events.push(`started ${f.sharename}/${f.fileid} ${size}`),
    onUploadFinished: (f: FileRecord) => events.push(`finished ${f.sharename}/${f.fileid}`),
    onStorageLimit: (f: FileRecord) => events.push(`storagelimit ${f.sharename}/${f.fileid}`),
  },
});

let h: Harness;
let me: Login;

beforeAll(async () => {
  h = await startHarness({ extensions: [recorder] });
  me = await h.login();
});
afterAll(() => h.close());

const newFile = (login = me, filename = 'data.bin') => h.newFile(login, filename);

const state = async (f: { sharename: string; fileid: string }) =>
  asFile(await h.call('GET', `/1/files/${f.sharename}/${f.fileid}`));

async function download(f: { sharename: string; fileid: string }): Promise<string> {
  const redirect = await h.call('GET', `/1/files/${f.sharename}/${f.fileid}/blob`);
  expect(redirect.status).toBe(302);
  return (await h.call('GET', redirect.headers.get('location')!)).text;
}

const blobFiles = () => fs.readdirSync(path.join(h.dataDir, 'blobs'));

describe('PUT to puturl', () => {
  test('raw bytes with Content-Length: 200 "computer says yes", then uploaded', async () => {
    const file = await newFile();
    const res = await h.call('PUT', file.upload!.puturl, { body: 'hello world' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('computer says yes');
    const after = await state(file);
    expect(after.readystate).toBe('uploaded');
    expect(after.size).toBe(11);
    expect(await download(file)).toBe('hello world');
    expect(events).toContain(`started ${file.sharename}/${file.fileid} 11`);
    expect(events).toContain(`finished ${file.sharename}/${file.fileid}`);
  });

  test('chunked body of unknown length (Java clients)', async () => {
    const file = await newFile();
    const req = openRequest('PUT', file.upload!.puturl, { 'content-type': 'binary/octet-stream' });
    await req.write('part one, ');
    await vi.waitFor(async () => expect((await state(file)).readystate).toBe('uploading'));
    await req.write('part two');
    const res = await req.end();
    expect(res.body.toString()).toBe('computer says yes');
    expect((await state(file)).size).toBe(18);
    expect(await download(file)).toBe('part one, part two');
  });

  test('a zero-byte file uploads and downloads as empty', async () => {
    const file = await newFile(me, 'empty.txt');
    const res = await h.call('PUT', file.upload!.puturl, { body: '' });
    expect(res.text).toBe('computer says yes');
    expect((await state(file)).readystate).toBe('uploaded');
    expect((await state(file)).size).toBe(0);
    const redirect = await h.call('GET', `/1/files/${file.sharename}/${file.fileid}/blob`);
    const got = await fetch(redirect.headers.get('location')!);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-length')).toBe('0');
    expect(await got.text()).toBe('');
  });

  test('a client that drops mid-body never leaves the file uploaded', async () => {
    const file = await newFile();
    const before = blobFiles().length;
    const req = openRequest('PUT', file.upload!.puturl, { 'content-length': 1000 });
    await req.write(Buffer.alloc(400, 1));
    await vi.waitFor(async () => expect((await state(file)).readystate).toBe('uploading'));
    req.abort();
    await vi.waitFor(async () => expect((await state(file)).readystate).toBe('remote'));
    expect((await state(file)).size).toBeUndefined();
    await vi.waitFor(() => expect(blobFiles().length).toBe(before));
    // The same URL works for a full retry.
    expect((await h.call('PUT', file.upload!.puturl, { body: 'retry' })).text).toBe(
      'computer says yes',
    );
    expect(await download(file)).toBe('retry');
  });

  test('a chunked body cut short is rolled back too', async () => {
    const file = await newFile();
    const req = openRequest('PUT', file.upload!.puturl);
    await req.write('some bytes');
    await vi.waitFor(async () => expect((await state(file)).readystate).toBe('uploading'));
    req.abort();
    await vi.waitFor(async () => expect((await state(file)).readystate).toBe('remote'));
  });

  test('uploading again replaces the content and frees the old bytes', async () => {
    const file = await newFile();
    await h.call('PUT', file.upload!.puturl, { body: 'first version' });
    const fresh = (
      await h.call(
        'GET',
        `/1/files/${file.sharename}/${file.fileid}/upload?accesstoken=${me.accesstoken}`,
      )
    ).json as { puturl: string };
    const usedBefore = asUser(await h.call('GET', `/1/users/me?accesstoken=${me.accesstoken}`))
      .storage.used;
    expect((await h.call('PUT', fresh.puturl, { body: 'v2' })).text).toBe('computer says yes');
    expect(await download(file)).toBe('v2');
    const usedAfter = asUser(await h.call('GET', `/1/users/me?accesstoken=${me.accesstoken}`))
      .storage.used;
    expect(usedBefore - usedAfter).toBe('first version'.length - 2);
  });

  test('an aborted overwrite keeps the previous content', async () => {
    const file = await newFile();
    await h.call('PUT', file.upload!.puturl, { body: 'keep me' });
    const before = blobFiles().length;
    const req = openRequest('PUT', file.upload!.puturl, { 'content-length': 100 });
    await req.write('partial');
    await vi.waitFor(() => expect(blobFiles().length).toBe(before + 1));
    req.abort();
    await vi.waitFor(() => expect(blobFiles().length).toBe(before));
    expect(await download(file)).toBe('keep me');
    expect((await state(file)).readystate).toBe('uploaded');
  });
});

describe('POST to posturl', () => {
  test.each(['file', 'Filedata', 'blob', 'filename'])(
    'multipart with field name %s',
    async (field) => {
      const file = await newFile();
      const form = new FormData();
      form.append('note', 'a text field before the file');
      form.append(field, new Blob(['multipart content']), 'local-name.txt');
      const res = await fetch(file.upload!.posturl, { method: 'POST', body: form });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('computer says yes');
      expect(await download(file)).toBe('multipart content');
      expect((await state(file)).filename).toBe('data.bin');
    },
  );

  test('only the first file part is stored', async () => {
    const file = await newFile();
    const form = new FormData();
    form.append('file', new Blob(['first']), 'a');
    form.append('file', new Blob(['second']), 'b');
    expect((await fetch(file.upload!.posturl, { method: 'POST', body: form })).status).toBe(200);
    expect(await download(file)).toBe('first');
  });

  test('a form without a file part is a 400 that says so, and nothing changes', async () => {
    const file = await newFile();
    const form = new FormData();
    form.append('title', 'no file here');
    const res = await h.call('POST', file.upload!.posturl, { body: undefined });
    expect(res.status).toBe(200); // an empty raw body is a valid zero-byte upload
    const res2 = await fetch(file.upload!.posturl, { method: 'POST', body: form });
    expect(res2.status).toBe(400);
    expect(((await res2.json()) as { error: string }).error).toMatch(/no file part/);
  });

  test('a multipart upload cut off mid-file rolls back and the server carries on', async () => {
    const file = await newFile();
    const before = blobFiles().length;
    const req = openRequest('POST', file.upload!.posturl, {
      'content-type': 'multipart/form-data; boundary=B',
      'content-length': 100_000,
    });
    await req.write('--B\r\nContent-Disposition: form-data; name="file"; filename="x"\r\n\r\n');
    await req.write(Buffer.alloc(5000, 2));
    await vi.waitFor(async () => expect((await state(file)).readystate).toBe('uploading'));
    req.abort();
    await vi.waitFor(async () => expect((await state(file)).readystate).toBe('remote'));
    await vi.waitFor(() => expect(blobFiles().length).toBe(before));
    expect((await h.call('GET', `/1/users/me?accesstoken=${me.accesstoken}`)).status).toBe(200);
  });

  test('a multipart upload cut off before its file part changes nothing', async () => {
    const file = await newFile();
    const req = openRequest('POST', file.upload!.posturl, {
      'content-type': 'multipart/form-data; boundary=B',
      'content-length': 100_000,
    });
    await req.write('--B\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello');
    req.abort();
    await expect(req.response).rejects.toThrow();
    expect((await state(file)).readystate).toBe('remote');
    expect((await h.call('GET', `/1/users/me?accesstoken=${me.accesstoken}`)).status).toBe(200);
  });

  test('a malformed multipart body is a 400', async () => {
    const file = await newFile();
    const res = await h.call('POST', file.upload!.posturl, {
      body: 'garbage',
      headers: { 'content-type': 'multipart/form-data' },
    });
    expect(res.status).toBe(400);
    expect((await state(file)).readystate).toBe('remote');
  });
});

describe('signatures', () => {
  test('tampered, foreign and missing signatures are 403', async () => {
    const file = await newFile();
    const other = await newFile();
    const url = new URL(file.upload!.puturl);
    const sig = url.searchParams.get('sig')!;
    url.searchParams.set('sig', sig.slice(0, -2) + (sig.endsWith('AA') ? 'BB' : 'AA'));
    const tampered = await h.call('PUT', url.href, { body: 'x' });
    expect(tampered.status).toBe(403);
    expect(errorOf(tampered)).toMatch(/not valid/);
    const foreign = other.upload!.puturl.replace(`/${other.sharename}/`, `/${file.sharename}/`);
    expect((await h.call('PUT', foreign, { body: 'x' })).status).toBe(403);
    const later = new URL(file.upload!.puturl);
    later.searchParams.set('exp', String(Number(later.searchParams.get('exp')) + 1));
    expect((await h.call('PUT', later.href, { body: 'x' })).status).toBe(403);
    const bare = file.upload!.puturl.split('?')[0]!;
    expect((await h.call('PUT', bare, { body: 'x' })).status).toBe(403);
    expect((await state(file)).readystate).toBe('remote');
  });

  test('an upload to a destroyed file is 404', async () => {
    const file = await newFile();
    await h.call(
      'POST',
      `/1/files/${file.sharename}/${file.fileid}/destroy?accesstoken=${me.accesstoken}`,
    );
    const res = await h.call('PUT', file.upload!.puturl, { body: 'late' });
    expect(res.status).toBe(404);
  });
});

describe('storage limit', () => {
  test('an announced upload past the limit is refused; other files stay', async () => {
    const small = await h.login({ storageLimit: 1000 });
    const kept = await newFile(small);
    await h.call('PUT', kept.upload!.puturl, { body: 'k'.repeat(600) });
    const big = await newFile(small);
    const res = await h.call('PUT', big.upload!.puturl, { body: 'b'.repeat(600) });
    expect(res.status).toBe(413);
    expect(errorOf(res)).toMatch(/storage limit/);
    expect((await state(big)).readystate).toBe('remote');
    expect(await download(kept)).toBe('k'.repeat(600));
    expect(events).toContain(`storagelimit ${big.sharename}/${big.fileid}`);
    const user = asUser(await h.call('GET', `/1/users/me?accesstoken=${small.accesstoken}`));
    expect(user.storage.used).toBe(600);
  });

  test('a chunked upload is stopped when it passes the limit', async () => {
    const small = await h.login({ storageLimit: 1000 });
    const kept = await newFile(small);
    await h.call('PUT', kept.upload!.puturl, { body: 'k'.repeat(600) });
    const big = await newFile(small);
    const req = openRequest('PUT', big.upload!.puturl);
    await req.write(Buffer.alloc(300));
    await req.write(Buffer.alloc(300)).catch(() => undefined);
    const res = await req.response;
    expect(res.status).toBe(413);
    expect((await state(big)).readystate).toBe('remote');
    expect(await download(kept)).toBe('k'.repeat(600));
  });

  test('a multipart upload past the limit is stopped too', async () => {
    const small = await h.login({ storageLimit: 100 });
    const file = await newFile(small);
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(5000)]), 'big');
    const res = await fetch(file.upload!.posturl, { method: 'POST', body: form });
    expect(res.status).toBe(413);
    expect((await state(file)).readystate).toBe('remote');
  });
});
