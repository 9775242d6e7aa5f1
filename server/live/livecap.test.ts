/**
 * Live connections per account are capped: past the cap the account's oldest connection is
 * closed (WebSocket code 4005), never the new one, so a client reconnecting after its network
 * dropped always gets back in. Real server, real sockets, both transports.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { closeCodes } from './frames.js';
import { DEFAULT_MAX_LIVE_PER_USER } from './hub.js';
import { openJsonSocket, openWebSocket, type FrameLog } from './test-helpers.js';
import { startTestServer, type TestServer } from './test-server.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

interface Live {
  log: FrameLog;
  /** Set once the server closed the connection: the WebSocket close code, or 'ended'. */
  closedWith: number | 'ended' | null;
  reason: string;
  destroy(): void;
}

/** Opens a live connection of the test account and waits until the server took its connect. */
async function connectLive(
  server: TestServer,
  kind: 'websocket' | 'jsonsocket',
  session: string,
): Promise<Live> {
  const connect = JSON.stringify({ type: 'connect', accesstoken: server.accesstoken, session });
  let live: Live;
  if (kind === 'websocket') {
    const ws = await openWebSocket(server.server.url.replace(/^http/, 'ws') + '/1/live', {
      answerPings: true,
    });
    live = { log: ws.log, closedWith: null, reason: '', destroy: () => ws.ws.terminate() };
    void ws.closed.then(({ code, reason }) => {
      live.closedWith = code;
      live.reason = reason;
    });
    ws.ws.send(connect);
    ws.ws.send('ping');
  } else {
    const js = await openJsonSocket(server.server.port, { answerPings: true });
    live = { log: js.log, closedWith: null, reason: '', destroy: () => js.socket.destroy() };
    void js.closed.then(() => (live.closedWith ??= 'ended'));
    js.send(connect);
    js.send('ping');
  }
  // Frames are handled in order: the pong means the connect before it was taken.
  await live.log.next((f) => f === 'pong');
  return live;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Someone fetches a remote file of `session`: every live connection of the owner is told. */
async function fetchRemoteFile(server: TestServer, session: string): Promise<string> {
  const { file } = await server.createFile(`f-${Math.random()}.txt`, session);
  const res = await fetch(`${server.server.url}/1/files/${file.sharename}/0/blob`, {
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  return file.sharename;
}

const gotDownload = (log: FrameLog, sharename: string): Promise<string> =>
  log.next((f) => f.includes('"download"') && f.includes(sharename));

describe('live connections per account', () => {
  it(`keeps at most ${DEFAULT_MAX_LIVE_PER_USER} by default: the oldest close, the newest hear events`, async () => {
    t = await startTestServer();
    const conns: Live[] = [];
    for (let i = 0; i < 40; i++) {
      conns.push(await connectLive(t, i % 2 ? 'jsonsocket' : 'websocket', `s-${i}`));
    }
    const oldest = conns.slice(0, 40 - DEFAULT_MAX_LIVE_PER_USER);
    const newest = conns.slice(40 - DEFAULT_MAX_LIVE_PER_USER);
    await until(() => oldest.every((c) => c.closedWith !== null), 'the oldest to close');
    for (const c of oldest) {
      if (c.closedWith === 'ended') continue; // jsonsocket has no close frame
      expect(c.closedWith).toBe(closeCodes.tooManyForUser);
      expect(c.reason).toBe(
        `more than ${DEFAULT_MAX_LIVE_PER_USER} live connections for this account; the oldest was closed`,
      );
    }
    expect(newest.every((c) => c.closedWith === null)).toBe(true);
    const sharename = await fetchRemoteFile(t, 's-39');
    await Promise.all(newest.map((c) => gotDownload(c.log, sharename)));
    for (const c of conns) c.destroy();
  });

  it('lets a client whose network dropped back in, closing its own stale connection first', async () => {
    t = await startTestServer(undefined, { maxLivePerUser: 2 });
    const laptop = await connectLive(t, 'jsonsocket', 'laptop');
    // The desktop app's network drops five times; each time the server still holds the old
    // connection (no FIN came) when the app reconnects with the same session.
    const desktops: Live[] = [await connectLive(t, 'websocket', 'desk')];
    for (let i = 0; i < 5; i++) {
      const again = await connectLive(t, 'websocket', 'desk');
      const stale = desktops.at(-1)!;
      await until(() => stale.closedWith !== null, 'the stale connection to close');
      expect(stale.closedWith).toBe(closeCodes.tooManyForUser);
      desktops.push(again);
      const sharename = await fetchRemoteFile(t, 'desk');
      await gotDownload(again.log, sharename);
      await gotDownload(laptop.log, sharename);
    }
    // The other machine of the account was never the one closed.
    expect(laptop.closedWith).toBeNull();
    expect(desktops.at(-1)!.closedWith).toBeNull();
    // A third machine past the cap of 2 closes the oldest (the laptop), never itself.
    const phone = await connectLive(t, 'jsonsocket', 'phone');
    await until(() => laptop.closedWith !== null, 'the laptop to close');
    const sharename = await fetchRemoteFile(t, 'phone');
    await gotDownload(phone.log, sharename);
    await gotDownload(desktops.at(-1)!.log, sharename);
    for (const c of [laptop, phone, ...desktops]) c.destroy();
  });

  it('keeps every connection with --max-live-per-user 0', async () => {
    t = await startTestServer(undefined, { maxLivePerUser: 0 });
    const conns: Live[] = [];
    for (let i = 0; i < 24; i++) conns.push(await connectLive(t, 'jsonsocket', `s-${i}`));
    const sharename = await fetchRemoteFile(t, 's-0');
    await Promise.all(conns.map((c) => gotDownload(c.log, sharename)));
    expect(conns.every((c) => c.closedWith === null)).toBe(true);
    for (const c of conns) c.destroy();
  });
});
