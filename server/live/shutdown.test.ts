/**
 * Closing the server while downloads wait for, or follow, an upload: close() must resolve and
 * every downloader still connected must get a clear answer or a failed transfer.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWebSocket, type WsClient } from './test-helpers.js';
import { bodyReader, openUpload, startTestServer, type TestServer } from './test-server.js';

/** Far above what close() needs; only a hang reaches it. */
const GUARD_MS = 20_000;

let t: TestServer;
let uploader: WsClient | undefined;

// The default extensions, as `gett-server serve` and the app run them (60 s upload wait).
beforeEach(async () => {
  t = await startTestServer();
});
afterEach(async () => {
  uploader?.ws.terminate();
  uploader = undefined;
  await t.close();
});

/** The owner's app: a WebSocket that sent `connect` with `session`, seen live by the server. */
async function connectUploader(session: string): Promise<WsClient> {
  const client = await openWebSocket(`ws://127.0.0.1:${t.server.port}/1/live`, {
    answerPings: true,
  });
  client.ws.send(JSON.stringify({ type: 'connect', accesstoken: t.accesstoken, session }));
  const { share } = await t.createFile('probe.txt');
  for (;;) {
    const s = await t.api<{ live?: boolean }>('GET', `/1/shares/${share.sharename}`);
    if (s.live) return client;
  }
}

const isDownloadOf = (fileid: string, increment: boolean) => (frame: string) =>
  frame.includes('"download"') &&
  frame.includes(`"fileid":"${fileid}"`) &&
  frame.includes(`"increment":${increment}`);

/**
 * Resolves once a downloader of the file waits for its upload: a session that says `connect`
 * again is asked again (`increment: false`) only for files someone waits for.
 */
async function downloaderWaits(client: WsClient, session: string, fileid: string): Promise<void> {
  const asked = client.log.next(isDownloadOf(fileid, false));
  let seen = false;
  void asked.then(() => (seen = true));
  while (!seen) {
    client.ws.send(JSON.stringify({ type: 'connect', accesstoken: t.accesstoken, session }));
    const pong = new Promise((resolve) => client.ws.once('message', resolve));
    client.ws.send('ping');
    await Promise.race([asked, pong]);
  }
}

async function waitingDownload(session: string, signal?: AbortSignal) {
  uploader = await connectUploader(session);
  const { file } = await t.createFile('later.bin', session);
  expect(file.readystate).toBe('remote');
  const response = fetch(`${t.server.url}/1/files/${file.sharename}/${file.fileid}/blob`, {
    signal,
  });
  response.catch(() => undefined);
  await uploader.log.next(isDownloadOf(file.fileid, true));
  await downloaderWaits(uploader, session, file.fileid);
  return { file, response };
}

describe('closing the server', () => {
  it(
    'resolves after a downloader waiting for the uploader gave up',
    async () => {
      const controller = new AbortController();
      const { file, response } = await waitingDownload('sess-abort', controller.signal);
      controller.abort();
      await expect(response).rejects.toThrow();
      await t.server.close();
      // The server is gone: nothing answers on its port any more.
      await expect(fetch(`${t.server.url}/1/users/me`)).rejects.toThrow();
      // Nothing was sent, so no download is on record.
      const db = new Database(path.join(t.dataDir, 'gett.sqlite'), { readonly: true });
      const rows = db
        .prepare('SELECT status FROM download_records WHERE sharename = ?')
        .all(file.sharename);
      db.close();
      expect(rows).toEqual([]);
    },
    GUARD_MS,
  );

  it(
    'answers a downloader still waiting with a clear error, then resolves',
    async () => {
      const { response } = await waitingDownload('sess-wait');
      await t.server.close();
      const res = await response;
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toMatchObject({
        error: 'the server is shutting down: retry in a moment',
      });
    },
    GUARD_MS,
  );

  it(
    'fails a download that follows a running upload, then resolves',
    async () => {
      const { file } = await t.createFile('growing.bin');
      const content = randomBytes(256 * 1024);
      const upload = openUpload(file.upload!.puturl, content.length);
      await upload.write(content.subarray(0, 64 * 1024));
      for (;;) {
        const f = await t.api<{ readystate: string }>(
          'GET',
          `/1/files/${file.sharename}/${file.fileid}`,
        );
        if (f.readystate === 'uploading') break;
      }
      const res = await fetch(`${t.server.url}/1/files/${file.sharename}/${file.fileid}/blob`);
      expect(res.status).toBe(200);
      const body = bodyReader(res);
      await body.atLeast(1);
      await t.server.close();
      // The upload was stopped, so the follower sees a failed transfer, never a clean end.
      await expect(body.all()).rejects.toThrow();
      expect(body.total).toBeLessThan(content.length);
      upload.kill();
    },
    GUARD_MS,
  );

  /** A connection that sent `bytes` (maybe nothing yet), as browsers open ahead of use. */
  async function openConnection(bytes: string): Promise<{ socket: Socket; closed: Promise<void> }> {
    const socket = connect({ port: t.server.port, host: '127.0.0.1' });
    socket.on('error', () => undefined);
    const closed = once(socket, 'close').then(() => undefined);
    await once(socket, 'connect');
    if (bytes) await new Promise((resolve) => socket.write(bytes, resolve));
    // The server has the connection once it answers a request on another one.
    await fetch(`${t.server.url}/1/users/me`);
    return { socket, closed };
  }

  it(
    'ends a connection on which nothing was sent yet, then resolves',
    async () => {
      const { closed } = await openConnection('');
      await t.server.close();
      await closed;
    },
    GUARD_MS,
  );

  it(
    'cuts a connection whose request never ends once the drain time is over',
    async () => {
      const { closed } = await openConnection('GET /1/users/me HTTP/1.1\r\nHost: x\r\n');
      await t.server.close();
      await closed;
    },
    GUARD_MS,
  );
});
