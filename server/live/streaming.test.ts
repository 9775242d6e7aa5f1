import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { liveServer } from './index.js';
import { openJsonSocket, openWebSocket, type FrameLog } from './test-helpers.js';
import { bodyReader, openUpload, startTestServer, type TestServer } from './test-server.js';

let t: TestServer;

beforeEach(async () => {
  t = await startTestServer([liveServer({ uploadWaitMs: 2000 })]);
});
afterEach(() => t.close());

const blobUrl = (sharename: string, fileid: string, query = ''): string =>
  `${t.server.url}/1/files/${sharename}/${fileid}/blob${query}`;

async function liveUploader(session: string): Promise<{ log: FrameLog; close(): void }> {
  const client = await openJsonSocket(t.server.port, { answerPings: true });
  client.send(JSON.stringify({ type: 'connect', accesstoken: t.accesstoken, session }));
  // The hub has the session once the share reports the owner live.
  const { share } = await t.createFile('probe.txt');
  for (;;) {
    const s = await t.api<{ live?: boolean }>('GET', `/1/shares/${share.sharename}`);
    if (s.live) break;
  }
  return { log: client.log, close: () => client.socket.destroy() };
}

describe('a remote file with a live uploader', () => {
  it('tells the uploader, holds the downloader, then delivers identical bytes', async () => {
    const uploader = await liveUploader('sess-1');
    const { file } = await t.createFile('report.bin', 'sess-1');
    expect(file.readystate).toBe('remote');
    const content = randomBytes(200_000);

    const download = fetch(blobUrl(file.sharename, file.fileid));
    const event = JSON.parse(await uploader.log.next((f) => f.includes('"download"'))) as unknown;
    expect(event).toMatchObject({
      type: 'download',
      sharename: file.sharename,
      fileid: '0',
      filename: 'report.bin',
      increment: true,
    });

    const upload = openUpload(file.upload!.puturl, content.length);
    const stat = JSON.parse(await uploader.log.next((f) => f.includes('"filestat"'))) as unknown;
    expect(stat).toMatchObject({ type: 'filestat', fileid: '0', size: content.length });
    await upload.write(content);
    upload.end();
    expect(await upload.response).toEqual({ status: 200, body: 'computer says yes' });
    const res = await download;
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true);
    uploader.close();
  });

  it('answers at once, clearly, when the uploader is not connected', async () => {
    const { file } = await t.createFile('offline.txt', 'nobody-here');
    const res = await fetch(blobUrl(file.sharename, file.fileid));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error: 'the file has not been uploaded yet and its uploader is not online; try again later',
    });
  });

  it('gives up with a clear answer when the uploader never starts', async () => {
    const uploader = await liveUploader('lazy');
    const { file } = await t.createFile('never.txt', 'lazy');
    const res = await fetch(blobUrl(file.sharename, file.fileid));
    expect(res.status).toBe(409);
    expect((await res.json()) as unknown).toMatchObject({
      error: 'the uploader did not start sending the file in time; try again in a moment',
    });
    uploader.close();
  });

  it('re-attaches the files when the uploader reconnects with the same session', async () => {
    const first = await liveUploader('same-session');
    const { file } = await t.createFile('later.txt', 'same-session');
    first.close();
    for (;;) {
      const res = await fetch(blobUrl(file.sharename, file.fileid), { redirect: 'manual' });
      if (res.status === 409) break;
    }
    const again = await liveUploader('same-session');
    const download = fetch(blobUrl(file.sharename, file.fileid));
    await again.log.next((f) => f.includes('"download"'));
    const upload = openUpload(file.upload!.puturl, 5);
    await upload.write(Buffer.from('hello'));
    upload.end();
    expect(await (await download).text()).toBe('hello');
    again.close();
  });
});

describe('downloading while the upload runs', () => {
  const SIZE = 1024 * 1024;

  async function startedUpload(name: string, size = SIZE) {
    const { file } = await t.createFile(name);
    const content = randomBytes(size);
    const upload = openUpload(file.upload!.puturl, size);
    await upload.write(content.subarray(0, 64 * 1024));
    // The upload is running once the file says so.
    for (;;) {
      const f = await t.api<{ readystate: string }>(
        'GET',
        `/1/files/${file.sharename}/${file.fileid}`,
      );
      if (f.readystate === 'uploading') break;
    }
    return { file, content, upload };
  }

  it('gets the first bytes before the upload finishes, then every byte', async () => {
    const { file, content, upload } = await startedUpload('tail.bin');
    const res = await fetch(blobUrl(file.sharename, file.fileid));
    expect(res.status).toBe(200);
    const body = bodyReader(res);
    await body.atLeast(1);
    // Nothing more has been sent by the uploader yet: these bytes came from the partial file.
    expect(body.total).toBeLessThanOrEqual(64 * 1024);
    await upload.write(content.subarray(64 * 1024));
    upload.end();
    expect((await body.all()).equals(content)).toBe(true);
    expect((await upload.response).status).toBe(200);
  });

  it('serves 50 tailing downloaders the identical bytes', async () => {
    const { file, content, upload } = await startedUpload('many.bin');
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => fetch(blobUrl(file.sharename, file.fileid))),
    );
    const bodies = responses.map((r) => bodyReader(r));
    await Promise.all(bodies.map((b) => b.atLeast(1)));
    for (let at = 64 * 1024; at < SIZE; at += 128 * 1024) {
      await upload.write(content.subarray(at, Math.min(SIZE, at + 128 * 1024)));
    }
    upload.end();
    const all = await Promise.all(bodies.map((b) => b.all()));
    for (const bytes of all) expect(bytes.equals(content)).toBe(true);
  });

  it('finishes the upload, and serves the others, while a downloader never reads', async () => {
    // Far more than the socket buffers of a client that never reads can hold.
    const size = 32 * 1024 * 1024;
    const { file, content, upload } = await startedUpload('stalled.bin', size);
    const signed = (
      await fetch(blobUrl(file.sharename, file.fileid), { redirect: 'manual' })
    ).headers.get('location')!;
    const url = new URL(signed);
    // A raw client that asks for the bytes and then never reads a single one.
    const stalled = connect({ port: t.server.port, host: '127.0.0.1' });
    stalled.write(`GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: x\r\n\r\n`);
    stalled.pause();
    const reader = bodyReader(await fetch(blobUrl(file.sharename, file.fileid)));
    for (let at = 64 * 1024; at < size; at += 1024 * 1024) {
      await upload.write(content.subarray(at, Math.min(size, at + 1024 * 1024)));
    }
    upload.end();
    expect(await upload.response).toEqual({ status: 200, body: 'computer says yes' });
    const done = await t.api<{ readystate: string; size: number }>(
      'GET',
      `/1/files/${file.sharename}/${file.fileid}`,
    );
    expect(done).toMatchObject({ readystate: 'uploaded', size });
    expect((await reader.all()).equals(content)).toBe(true);
    stalled.destroy();
  });

  it('ends every tailing download with an error when the upload is killed', async () => {
    const { file, upload } = await startedUpload('killed.bin');
    const bodies = (
      await Promise.all(
        Array.from({ length: 5 }, () => fetch(blobUrl(file.sharename, file.fileid))),
      )
    ).map((r) => bodyReader(r));
    await Promise.all(bodies.map((b) => b.atLeast(1)));
    upload.kill();
    const outcomes = await Promise.allSettled(bodies.map((b) => b.all()));
    for (const outcome of outcomes) expect(outcome.status).toBe('rejected');
  });
});

describe('download events', () => {
  it('fire on a real download with the counter, not on HEAD, noinc or link previews', async () => {
    const ws = await openWebSocket(`ws://127.0.0.1:${t.server.port}/1/live`, { answerPings: true });
    ws.ws.send(JSON.stringify({ type: 'connect', accesstoken: t.accesstoken, session: 'w' }));
    const { file } = await t.createFile('done.txt');
    const upload = openUpload(file.upload!.puturl, 3);
    await upload.write(Buffer.from('abc'));
    upload.end();
    await upload.response;
    const url = blobUrl(file.sharename, file.fileid);
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);
    await (await fetch(url + '?noinc=1')).text();
    await (await fetch(url, { headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0' } })).text();
    await (await fetch(url)).text();
    const events = [
      await ws.log.next((f) => f.includes('"download"')),
      await ws.log.next((f) => f.includes('"download"')),
    ];
    expect(events.map((e) => (JSON.parse(e) as { increment: boolean }).increment)).toEqual([
      false,
      true,
    ]);
    const after = await t.api<{ downloads: number }>(
      'GET',
      `/1/files/${file.sharename}/${file.fileid}`,
    );
    expect(after.downloads).toBe(1);
    const me = await t.api<{ downloads: number }>('GET', '/1/users/me');
    expect(me.downloads).toBe(1);
    // Only the two real fetches produced events.
    expect(ws.log.frames.filter((f) => f.includes('"download"'))).toHaveLength(2);
    ws.ws.close();
  });
});

describe('download records', () => {
  it('record each byte download as completed, or not when the downloader left early', async () => {
    const { file } = await t.createFile('recorded.bin');
    const content = randomBytes(512 * 1024);
    const upload = openUpload(file.upload!.puturl, content.length);
    await upload.write(content.subarray(0, 1024));
    for (;;) {
      const f = await t.api<{ readystate: string }>('GET', `/1/files/${file.sharename}/0`);
      if (f.readystate === 'uploading') break;
    }
    const leaver = new AbortController();
    const early = bodyReader(await fetch(blobUrl(file.sharename, '0'), { signal: leaver.signal }));
    await early.atLeast(1);
    leaver.abort();
    await upload.write(content.subarray(1024));
    upload.end();
    await upload.response;
    expect((await (await fetch(blobUrl(file.sharename, '0'))).arrayBuffer()).byteLength).toBe(
      content.length,
    );
    // Thumbnails and HEAD requests are not downloads.
    await fetch(blobUrl(file.sharename, '0'), { method: 'HEAD' });

    const db = new Database(path.join(t.dataDir, 'gett.sqlite'), { readonly: true });
    const rows = () =>
      db
        .prepare('SELECT completed FROM download_records WHERE sharename = ? ORDER BY id')
        .all(file.sharename) as { completed: number | null }[];
    while (rows().length < 2) await new Promise((r) => setTimeout(r, 10));
    expect(rows().map((r) => r.completed !== null)).toEqual([false, true]);
    db.close();
  });
});

describe('shutdown', () => {
  it('closes live connections of both kinds, even from clients that keep their side open', async () => {
    const line = await openJsonSocket(t.server.port, { ignoreEnd: true });
    line.send(JSON.stringify({ type: 'connect', accesstoken: t.accesstoken, session: 'x' }));
    const ws = await openWebSocket(`ws://127.0.0.1:${t.server.port}/`);
    // Neither client closes on its own; the jsonsocket one ignores the server's FIN, so the
    // server must cut it to finish closing.
    const ended = once(line.socket, 'end');
    await t.server.close();
    await ended;
    expect((await ws.closed).code).toBe(1001);
  });
});
