/** The tus endpoint over real HTTP: discovery, creation, PATCH, HEAD, termination, errors. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ServerExtension } from '../context.js';
import type { FileRecord } from '../storage/types.js';
import { asFile, errorOf, startHarness, type Harness, type Login } from '../test/harness.js';
import { openRequest, streamGet } from '../test/rawhttp.js';

const events: string[] = [];
const recorder: ServerExtension = () => ({
  hooks: {
    onUploadStarted: (f: FileRecord, size) => events.push(`started ${f.fileid} ${size}`),
    onUploadFinished: (f: FileRecord) => events.push(`finished ${f.fileid}`),
    onStorageLimit: (f: FileRecord) => events.push(`storagelimit ${f.fileid}`),
  },
});

const TUS = { 'tus-resumable': '1.0.0' };
const OCTETS = { ...TUS, 'content-type': 'application/offset+octet-stream' };

let h: Harness;
let me: Login;

beforeAll(async () => {
  h = await startHarness({ extensions: [recorder] });
  me = await h.login({ storageLimit: 64 * 1024 * 1024 });
});
afterAll(() => h.close());

async function newFile(login = me) {
  const t = `?accesstoken=${login.accesstoken}`;
  const share = (await h.call('POST', `/1/shares/create${t}`)).json as { sharename: string };
  const file = asFile(
    await h.call('POST', `/1/files/${share.sharename}/create${t}`, {
      body: { filename: 'movie.bin' },
    }),
  );
  const tusurl = file.upload?.tusurl;
  if (!tusurl) throw new Error('the file offers no tusurl');
  return { ...file, tusurl, puturl: file.upload?.puturl ?? '' };
}

const state = async (f: { sharename: string; fileid: string }) =>
  asFile(await h.call('GET', `/1/files/${f.sharename}/${f.fileid}`));

async function create(tusurl: string, length: number): Promise<string> {
  const res = await h.call('POST', tusurl, { headers: { ...TUS, 'upload-length': `${length}` } });
  expect(res.status).toBe(201);
  expect(res.headers.get('tus-resumable')).toBe('1.0.0');
  return new URL(res.headers.get('location') ?? '', tusurl).toString();
}

const patch = (url: string, offset: number, body: Buffer) =>
  h.call('PATCH', url, { body, headers: { ...OCTETS, 'upload-offset': `${offset}` } });

const head = async (url: string) => {
  const res = await h.call('HEAD', url, { headers: TUS });
  return { res, offset: Number(res.headers.get('upload-offset')) };
};

async function download(f: { sharename: string; fileid: string }): Promise<Buffer> {
  const res = await fetch(`${h.server.url}/1/files/${f.sharename}/${f.fileid}/blob`);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe('tus discovery and creation', () => {
  test('files advertise a signed tusurl next to puturl; OPTIONS lists what we speak', async () => {
    const f = await newFile();
    expect(f.tusurl).toMatch(/\/1\/files\/[^/]+\/0\/tus\?exp=\d+&sig=/);
    const res = await h.call('OPTIONS', f.tusurl);
    expect(res.status).toBe(204);
    expect(res.headers.get('tus-version')).toBe('1.0.0');
    expect(res.headers.get('tus-extension')).toBe('creation,termination');
    expect(Number(res.headers.get('tus-max-size'))).toBe(64 * 1024 * 1024);
    const fresh = (
      await h.call(
        'GET',
        `/1/files/${f.sharename}/${f.fileid}/upload?accesstoken=${me.accesstoken}`,
      )
    ).json as { tusurl?: string };
    expect(fresh.tusurl).toContain('/tus?exp=');
  });

  test('a tampered signature, a missing length or another version are refused clearly', async () => {
    const f = await newFile();
    // Another first character, whatever the signature starts with.
    const tampered = f.tusurl.replace(/sig=(.)/, (_, c: string) => `sig=${c === 'x' ? 'y' : 'x'}`);
    const bad = await h.call('POST', tampered, { headers: { ...TUS, 'upload-length': '5' } });
    expect(bad.status).toBe(403);
    expect(errorOf(bad)).toMatch(/not valid/);
    const noLength = await h.call('POST', f.tusurl, { headers: TUS });
    expect(noLength.status).toBe(400);
    expect(errorOf(noLength)).toMatch(/Upload-Length/);
    const old = await h.call('POST', f.tusurl, {
      headers: { 'tus-resumable': '0.2.2', 'upload-length': '5' },
    });
    expect(old.status).toBe(412);
    expect(old.headers.get('tus-version')).toBe('1.0.0');
    expect((await state(f)).readystate).toBe('remote');
  });

  test('an upload past the storage left is refused up front with storagelimit', async () => {
    const f = await newFile();
    const res = await h.call('POST', f.tusurl, {
      headers: { ...TUS, 'upload-length': `${65 * 1024 * 1024}` },
    });
    expect(res.status).toBe(413);
    expect(errorOf(res)).toMatch(/storage limit/);
    expect(events).toContain(`storagelimit ${f.fileid}`);
  });
});

describe('tus uploads', () => {
  test('PATCHes append; the file is uploading from the first byte and uploaded at the end', async () => {
    const f = await newFile();
    const data = randomBytes(300_000);
    const url = await create(f.tusurl, data.length);
    const first = await head(url);
    expect(first.res.status).toBe(200);
    expect(first.offset).toBe(0);
    expect(first.res.headers.get('upload-length')).toBe('300000');
    expect(first.res.headers.get('cache-control')).toBe('no-store');
    expect((await state(f)).readystate).toBe('remote');

    const a = await patch(url, 0, data.subarray(0, 100_000));
    expect(a.status).toBe(204);
    expect(a.headers.get('upload-offset')).toBe('100000');
    expect((await state(f)).readystate).toBe('uploading');
    expect(events).toContain(`started ${f.fileid} 300000`);

    const stale = await patch(url, 50_000, data.subarray(50_000, 60_000));
    expect(stale.status).toBe(409);
    expect(errorOf(stale)).toMatch(/HEAD/);
    const wrongType = await h.call('PATCH', url, {
      body: data.subarray(100_000),
      headers: { ...TUS, 'content-type': 'application/octet-stream', 'upload-offset': '100000' },
    });
    expect(wrongType.status).toBe(415);
    const tooMuch = await patch(url, 100_000, Buffer.concat([data.subarray(100_000), data]));
    expect(tooMuch.status).toBe(413);
    expect((await head(url)).offset).toBe(100_000);

    const b = await patch(url, 100_000, data.subarray(100_000));
    expect(b.headers.get('upload-offset')).toBe('300000');
    const done = await state(f);
    expect(done.readystate).toBe('uploaded');
    expect(done.size).toBe(300_000);
    expect(events).toContain(`finished ${f.fileid}`);
    expect((await download(f)).equals(data)).toBe(true);
    // A client that lost the last answer learns from HEAD that everything arrived.
    expect((await head(url)).offset).toBe(300_000);
  });

  test('bytes of a PATCH cut mid-body are kept, and the upload goes on from them', async () => {
    const f = await newFile();
    const data = randomBytes(200_000);
    const url = await create(f.tusurl, data.length);
    const req = openRequest('PATCH', url, { ...OCTETS, 'upload-offset': 0 });
    await req.write(data.subarray(0, 70_000));
    // Wait until the server has the bytes, then drop the connection like a sleeping laptop.
    while ((await head(url)).offset < 70_000) await new Promise((r) => setImmediate(r));
    req.abort();
    const { offset } = await head(url);
    expect(offset).toBe(70_000);
    const rest = await patch(url, offset, data.subarray(offset));
    expect(rest.status).toBe(204);
    expect((await download(f)).equals(data)).toBe(true);
  });

  test('after a sleep, a new PATCH takes over from a connection that went silent', async () => {
    const f = await newFile();
    const data = randomBytes(150_000);
    const url = await create(f.tusurl, data.length);
    // The old connection sent part of its body, then the laptop slept: it never ends.
    const silent = openRequest('PATCH', url, {
      ...OCTETS,
      'upload-offset': 0,
      'content-length': data.length,
    });
    await silent.write(data.subarray(0, 50_000));
    while ((await head(url)).offset < 50_000) await new Promise((r) => setImmediate(r));
    const { offset } = await head(url);
    const fresh = await patch(url, offset, data.subarray(offset));
    expect(fresh.status).toBe(204);
    expect(fresh.headers.get('upload-offset')).toBe(String(data.length));
    const old = await silent.response.catch(() => null);
    if (old) expect(old.status).toBe(409);
    expect((await download(f)).equals(data)).toBe(true);
  });

  test('a downloader tailing the file gets every byte across several PATCHes', async () => {
    const f = await newFile();
    const data = randomBytes(3 * 256 * 1024);
    const url = await create(f.tusurl, data.length);
    await patch(url, 0, data.subarray(0, 256 * 1024));
    const redirect = await h.call('GET', `/1/files/${f.sharename}/${f.fileid}/blob`);
    const tail = await streamGet(redirect.headers.get('location') ?? '');
    expect(tail.headers['content-length']).toBe(String(data.length));
    const chunks: Buffer[] = [];
    const ended = new Promise<void>((resolve, reject) => {
      tail.on('data', (c: Buffer) => chunks.push(c));
      tail.on('end', resolve);
      tail.on('error', reject);
    });
    await patch(url, 256 * 1024, data.subarray(256 * 1024, 512 * 1024));
    await patch(url, 512 * 1024, data.subarray(512 * 1024));
    await ended;
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
  });

  test('DELETE terminates: the bytes go, the file is remote again, the URL is gone', async () => {
    const f = await newFile();
    const url = await create(f.tusurl, 1000);
    await patch(url, 0, randomBytes(400));
    expect((await state(f)).readystate).toBe('uploading');
    const del = await h.call('DELETE', url, { headers: TUS });
    expect(del.status).toBe(204);
    expect((await state(f)).readystate).toBe('remote');
    const gone = await head(url);
    expect(gone.res.status).toBe(404);
    expect(gone.res.headers.get('upload-offset')).toBeNull();
  });

  test("one file's signed URL cannot reach another file's upload", async () => {
    const a = await newFile();
    const b = await newFile();
    const urlB = await create(b.tusurl, 100);
    const id = new URL(urlB).pathname.split('/').pop() ?? '';
    const viaA = new URL(a.tusurl);
    viaA.pathname = `${viaA.pathname}/${id}`;
    expect((await head(viaA.toString())).res.status).toBe(404);
    expect((await patch(viaA.toString(), 0, randomBytes(10))).status).toBe(404);
    expect((await head(urlB)).offset).toBe(0);
  });

  test('a zero-byte upload is complete as soon as it is created', async () => {
    const f = await newFile();
    await create(f.tusurl, 0);
    const done = await state(f);
    expect(done.readystate).toBe('uploaded');
    expect(done.size).toBe(0);
  });

  test('an old-style PUT to the same file replaces a tus upload in progress', async () => {
    const f = await newFile();
    const url = await create(f.tusurl, 100_000);
    await patch(url, 0, randomBytes(10_000));
    const body = randomBytes(5000);
    const put = await h.call('PUT', f.puturl, { body });
    expect(put.status).toBe(200);
    expect((await download(f)).equals(body)).toBe(true);
    expect((await head(url)).res.status).toBe(404);
    const late = await patch(url, 10_000, randomBytes(10));
    expect(late.status).toBe(404);
    expect(errorOf(late)).toMatch(/POST to the tusurl/);
    // And tus replaces a PUT's content just as well.
    const again = randomBytes(2000);
    const url2 = await create(f.tusurl, again.length);
    await patch(url2, 0, again);
    expect((await download(f)).equals(again)).toBe(true);
  });
});
