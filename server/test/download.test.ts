/** Blob download (F5): redirects, signed links, Range, headers, counters, growing files. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Signer } from '../auth/signer.js';
import type { ServerExtension } from '../context.js';
import { asFile, errorOf, startHarness, type Harness, type Login } from './harness.js';
import { openRequest, streamGet } from './rawhttp.js';

const downloads: string[] = [];
const recorder: ServerExtension = () => ({
  hooks: { onDownloadStart: (f, { increment }) => downloads.push(`${f.fileid} ${increment}`) },
});

let h: Harness;
let me: Login;

beforeAll(async () => {
  h = await startHarness({ extensions: [recorder] });
  me = await h.login();
});
afterAll(() => h.close());

async function uploaded(filename: string, content: string | Buffer) {
  const file = await h.newFile(me, filename);
  if (content !== '' || filename !== 'remote') {
    await h.call('PUT', file.upload!.puturl, { body: content });
  }
  return file;
}

async function signedUrl(file: { sharename: string; fileid: string }, query = '') {
  const res = await h.call('GET', `/1/files/${file.sharename}/${file.fileid}/blob${query}`);
  expect(res.status).toBe(302);
  return res.headers.get('location')!;
}

describe('redirect and signed link', () => {
  test('/blob redirects (302) to a signed link on the public URL', async () => {
    const file = await uploaded('a.txt', 'abc');
    const location = await signedUrl(file);
    expect(location.startsWith(`${h.server.publicUrl}/1/blobs/${file.sharename}/0/a.txt?`)).toBe(
      true,
    );
    expect(new URL(location).searchParams.get('sig')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const res = await fetch(location);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('inline; filename=a.txt');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(await res.text()).toBe('abc');
  });

  test('fetch following the redirect gets the bytes (what curl -L and browsers do)', async () => {
    const file = await uploaded('b.bin', 'bytes');
    const res = await fetch(`${h.server.url}/1/files/${file.sharename}/0/blob`);
    expect(await res.text()).toBe('bytes');
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
  });

  test('?download asks for an attachment; unicode names use filename*', async () => {
    const name = 'résumé 漢字 "quoted".pdf';
    const file = await uploaded(name, '%PDF');
    const res = await fetch(await signedUrl(file, '?download'));
    const cd = res.headers.get('content-disposition')!;
    expect(cd.startsWith('attachment;')).toBe(true);
    expect(cd).toContain(
      `filename*=UTF-8''${encodeURIComponent('résumé 漢字 "quoted".pdf').replace(/'/g, '%27')}`,
    );
    expect(res.headers.get('content-type')).toBe('application/pdf');
  });

  test('a 300-character unicode name round-trips through upload, link and headers', async () => {
    const name = `${'ü🙂漢'.repeat(100)}.txt`;
    const file = await uploaded(name, 'long name');
    const res = await fetch(await signedUrl(file, '?download'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('long name');
    const cd = res.headers.get('content-disposition')!;
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(cd)![1]!)).toBe(name);
  });

  test('traversal names never leave the download path and headers stay safe', async () => {
    const file = await uploaded('../../etc/passwd', 'not the real one');
    const location = await signedUrl(file);
    expect(new URL(location).pathname).toBe(`/1/blobs/${file.sharename}/0/.._.._etc_passwd`);
    const res = await fetch(location);
    expect(await res.text()).toBe('not the real one');
    expect(res.headers.get('content-disposition')).toBe('inline; filename=.._.._etc_passwd');
  });

  test('HTML and SVG uploads are served as text, sandboxed, never as pages', async () => {
    const file = await uploaded('x.html', '<script>alert(1)</script>');
    const res = await fetch(await signedUrl(file));
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
  });

  test('tampered, foreign and expired links are 403', async () => {
    const file = await uploaded('c.txt', 'secret');
    const other = await uploaded('d.txt', 'other');
    const url = new URL(await signedUrl(file));
    url.searchParams.set('sig', 'A'.repeat(43));
    expect((await h.call('GET', url.href)).status).toBe(403);
    const foreign = (await signedUrl(other)).replace(`/${other.sharename}/`, `/${file.sharename}/`);
    expect((await h.call('GET', foreign)).status).toBe(403);
    const secret = Buffer.from(fs.readFileSync(path.join(h.dataDir, 'secret'), 'utf8').trim());
    const exp = Math.floor(Date.now() / 1000) - 10;
    const sig = new Signer(secret).base64url(`dl:${file.sharename}:${file.fileid}::${exp}`);
    const expired = await h.call(
      'GET',
      `/1/blobs/${file.sharename}/${file.fileid}/c.txt?exp=${exp}&sig=${sig}`,
    );
    expect(expired.status).toBe(403);
    expect(errorOf(expired)).toMatch(/expired/);
  });

  test('a destroyed file is 404 on /blob and on links handed out before', async () => {
    const file = await uploaded('e.txt', 'bye');
    const location = await signedUrl(file);
    await h.call('POST', `/1/files/${file.sharename}/0/destroy?accesstoken=${me.accesstoken}`);
    expect((await h.call('GET', location)).status).toBe(404);
    const blob = await h.call('GET', `/1/files/${file.sharename}/0/blob`);
    expect(blob.status).toBe(404);
    expect(errorOf(blob)).toBe('file not found');
    expect((await h.call('GET', `/1/files/${file.sharename}/9/blob`)).status).toBe(404);
  });
});

describe('Range', () => {
  test('byte ranges, suffix ranges and unsatisfiable ranges', async () => {
    const file = await uploaded('r.bin', '0123456789');
    const url = await signedUrl(file);
    const part = await fetch(url, { headers: { range: 'bytes=2-5' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(await part.text()).toBe('2345');
    const tail = await fetch(url, { headers: { range: 'bytes=-3' } });
    expect(await tail.text()).toBe('789');
    const open = await fetch(url, { headers: { range: 'bytes=7-' } });
    expect(await open.text()).toBe('789');
    const beyond = await fetch(url, { headers: { range: 'bytes=50-60' } });
    expect(beyond.status).toBe(416);
    const multi = await fetch(url, { headers: { range: 'bytes=0-1,4-5' } });
    expect(multi.status).toBe(200);
    expect(await multi.text()).toBe('0123456789');
  });

  test('HEAD answers the headers without a body', async () => {
    const file = await uploaded('h.bin', '12345');
    const res = await fetch(await signedUrl(file), { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('5');
  });
});

describe('download counter', () => {
  test('each /blob counts once; ?noinc does not; the live hook hears both', async () => {
    const file = await uploaded('count.txt', 'x');
    await signedUrl(file);
    await signedUrl(file);
    await signedUrl(file, '?noinc=1');
    const after = asFile(await h.call('GET', `/1/files/${file.sharename}/0`));
    expect(after.downloads).toBe(2);
    expect(downloads.slice(-3)).toEqual(['0 true', '0 true', '0 false']);
  });
});

describe('files not fully uploaded', () => {
  test('a remote file whose uploader is offline answers 409 with the reason', async () => {
    const t = `?accesstoken=${me.accesstoken}`;
    const share = (await h.call('POST', `/1/shares/create${t}`)).json as { sharename: string };
    await h.call('POST', `/1/files/${share.sharename}/create${t}`, { body: { filename: 'later' } });
    const res = await h.call('GET', `/1/files/${share.sharename}/0/blob`);
    expect(res.status).toBe(409);
    expect(errorOf(res)).toMatch(/not been uploaded yet and its uploader is not online/);
  });

  test('an uploading file streams to several downloaders as it grows', async () => {
    const t = `?accesstoken=${me.accesstoken}`;
    const share = (await h.call('POST', `/1/shares/create${t}`)).json as { sharename: string };
    const file = asFile(
      await h.call('POST', `/1/files/${share.sharename}/create${t}`, {
        body: { filename: 'grow.txt' },
      }),
    );
    const upload = openRequest('PUT', file.upload!.puturl);
    await upload.write('first;');
    let location = '';
    for (;;) {
      const res = await h.call('GET', `/1/files/${file.sharename}/0/blob`);
      if (res.status === 302) {
        location = res.headers.get('location')!;
        break;
      }
    }
    const readers = await Promise.all([streamGet(location), streamGet(location)]);
    const received = readers.map(() => '');
    const firstSeen = readers.map(
      (r, i) =>
        new Promise<void>((resolve) =>
          r.on('data', (c: Buffer) => {
            received[i] += c.toString();
            if (received[i]!.includes('first;')) resolve();
          }),
        ),
    );
    const ended = readers.map((r) => new Promise((resolve) => r.on('end', resolve)));
    await Promise.all(firstSeen);
    await upload.write('second;');
    await upload.write('third');
    expect((await upload.end()).body.toString()).toBe('computer says yes');
    await Promise.all(ended);
    expect(received).toEqual(['first;second;third', 'first;second;third']);
  });
});
