import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openUpload, startTestServer, type TestServer } from '../live/test-server.js';
import { removeFileForTerms } from '../moderation/remove.js';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer();
});
afterEach(() => t.close());

async function uploaded(filename: string, content: Buffer, sharename?: string) {
  const share =
    sharename ??
    (await t.api<{ sharename: string }>('POST', '/1/shares/create', { title: 'Trip' })).sharename;
  const file = await t.api<{ fileid: string; upload: { puturl: string } }>(
    'POST',
    `/1/files/${share}/create`,
    { filename },
  );
  const up = openUpload(file.upload.puturl, content.length);
  await up.write(content);
  up.end();
  expect((await up.response).status).toBe(200);
  return { sharename: share, fileid: file.fileid };
}

const page = async (path: string) => {
  const res = await fetch(t.server.url + path, { redirect: 'manual' });
  return { status: res.status, headers: res.headers, html: await res.text() };
};

describe('share page', () => {
  it('lists files with sizes, download buttons, a QR code of the link, escaped names', async () => {
    const { sharename } = await uploaded('notes <b>.txt', Buffer.alloc(1500, 1));
    await uploaded('photo.png', Buffer.from('not really a png'), sharename);
    const { status, headers, html } = await page(`/${sharename}`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(headers.get('content-security-policy')).toContain("script-src 'nonce-");
    expect(html).toContain('<h1>Trip</h1>');
    expect(html).toContain('notes &lt;b&gt;.txt');
    expect(html).not.toContain('notes <b>');
    expect(html).toContain('1.5 kB');
    expect(html).toContain('2 files');
    expect(html).toContain(`href="/1/files/${sharename}/0/blob?download"`);
    expect(html).toContain(`<a class="button" href="/1/shares/${sharename}/zip"`);
    expect(html).toContain(`src="/1/files/${sharename}/1/blob/thumb"`);
    expect(html).toMatch(/<div class="qr" role="img" aria-label="QR code of the link"><svg[^>]*>/);
    expect(html).toContain(`${t.server.publicUrl}/${sharename}`);
  });

  it('shows a file page, and sends old links without /v/ there', async () => {
    const { sharename, fileid } = await uploaded('a.txt', Buffer.from('abc'));
    const one = await page(`/${sharename}/v/${fileid}`);
    expect(one.status).toBe(200);
    expect(one.html).toContain('<h1>a.txt</h1>');
    expect(one.html).toContain(`${t.server.publicUrl}/${sharename}/v/${fileid}`);
    const old = await page(`/${sharename}/${fileid}`);
    expect(old.status).toBe(301);
    expect(old.headers.get('location')).toBe(`/${sharename}/v/${fileid}`);
  });

  it('says clearly when a share or a file does not exist or was removed', async () => {
    expect((await page('/NoSuchShare')).html).toContain('Nothing is shared at this link');
    expect((await page('/NoSuchShare')).status).toBe(404);
    const { sharename } = await uploaded('a.txt', Buffer.from('abc'));
    const missing = await page(`/${sharename}/v/9`);
    expect(missing.status).toBe(404);
    expect(missing.html).toContain(
      `<a href="/${sharename}">The share link shows what is left.</a>`,
    );
    await removeFileForTerms(t.dataDir, { sharename, fileid: '0', reason: 'copyright claim' });
    const removed = await page(`/${sharename}`);
    expect(removed.html).toContain('Removed: copyright claim');
    expect(removed.html).toMatch(/data-state="removed"[\s\S]*class="button download"[^>]*hidden/);
    await t.api('POST', `/1/shares/${sharename}/destroy`);
    const gone = await page(`/${sharename}`);
    expect(gone.status).toBe(410);
    expect(gone.html).toContain('These files have been removed by the owner.');
  });

  it('reports upload progress as JSON for the live page', async () => {
    const share = await t.api<{ sharename: string }>('POST', '/1/shares/create', {});
    const file = await t.api<{ fileid: string; upload: { puturl: string } }>(
      'POST',
      `/1/files/${share.sharename}/create`,
      { filename: 'big.bin', session: 'offline' },
    );
    const progress = async () =>
      (
        (await (await fetch(`${t.server.url}/${share.sharename}/progress`)).json()) as {
          files: { status: string; percent: number | null; downloadable: boolean }[];
        }
      ).files[0]!;
    expect(await progress()).toMatchObject({
      status: 'Not uploaded yet, and the uploader is offline: try again later',
      downloadable: false,
    });
    const up = openUpload(file.upload.puturl, 1000);
    await up.write(Buffer.alloc(450));
    let now = await progress();
    while (now.percent !== 45) now = await progress();
    expect(now).toMatchObject({ status: 'Uploading 45%', percent: 45, downloadable: true });
    await up.write(Buffer.alloc(550));
    up.end();
    await up.response;
    expect(await progress()).toMatchObject({ status: 'Ready', percent: null });
  });
});
