/**
 * Connections and bodies under attack (issue 12): a body that goes quiet is cut with 408 while
 * a slow one keeps going; connections per address and in all are capped, and another client
 * is served while one address holds all it may.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asFile, startHarness, type Harness, type Login } from './harness.js';
import { openRequest } from './rawhttp.js';

const TUS = { 'tus-resumable': '1.0.0' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function newFile(h: Harness, me: Login) {
  const t = `?accesstoken=${me.accesstoken}`;
  const share = (await h.call('POST', `/1/shares/create${t}`)).json as { sharename: string };
  return asFile(
    await h.call('POST', `/1/files/${share.sharename}/create${t}`, {
      body: { filename: 'data.bin' },
    }),
  );
}

/** A raw connection from `localAddress` that sends `data`; resolves once it is connected. */
function hold(port: number, localAddress: string, data: string): Promise<RawConn> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    const conn: RawConn = { socket, received: '', closed: false };
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (conn.received += d));
    socket.on('close', () => (conn.closed = true));
    socket.on('error', () => undefined);
    socket.once('connect', () => {
      socket.write(data);
      resolve(conn);
    });
    socket.once('error', reject);
  });
}

interface RawConn {
  socket: net.Socket;
  received: string;
  closed: boolean;
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await sleep(25);
  }
  return cond();
}

describe('request bodies that go quiet', () => {
  let h: Harness;
  let me: Login;
  beforeAll(async () => {
    h = await startHarness({ bodyIdleSeconds: 1 });
    me = await h.login();
  });
  afterAll(() => h.close());

  test('a PUT that sends one byte and then nothing gets 408 bodyIdle and is closed', async () => {
    const file = await newFile(h, me);
    const put = openRequest('PUT', file.upload!.puturl, { 'content-length': 1000 });
    await put.write('x');
    const started = Date.now();
    const res = await Promise.race([put.response, sleep(5000).then(() => null)]);
    expect(res, 'the quiet body was never cut').not.toBeNull();
    expect(res!.status).toBe(408);
    expect((JSON.parse(res!.body.toString()) as { code: string }).code).toBe('bodyIdle');
    expect(res!.headers.connection).toBe('close');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    // The upload rolled back: nothing half-written is served.
    let state = '';
    for (let i = 0; i < 40 && state !== 'remote'; i++) {
      await sleep(50);
      state = asFile(await h.call('GET', `/1/files/${file.sharename}/${file.fileid}`)).readystate;
    }
    expect(state).toBe('remote');
  });

  test('a JSON API body that goes quiet is cut too', async () => {
    const call = openRequest(
      'POST',
      `${h.server.url}/1/shares/create?accesstoken=${me.accesstoken}`,
      {
        'content-length': 100,
      },
    );
    await call.write('{"ti');
    const res = await Promise.race([call.response, sleep(5000).then(() => null)]);
    expect(res?.status).toBe(408);
  });

  test('a slow PUT that keeps sending is never cut', async () => {
    const file = await newFile(h, me);
    const put = openRequest('PUT', file.upload!.puturl, { 'content-length': 12 });
    // 12 bytes over ~3 s: three times the idle time, never silent for a whole second.
    for (let i = 0; i < 12; i++) {
      await put.write(String.fromCharCode(97 + i));
      await sleep(250);
    }
    const res = await put.end();
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('computer says yes');
  });

  test('a slow tus PATCH that keeps sending is never cut; a quiet one keeps what arrived', async () => {
    const file = await newFile(h, me);
    const created = await h.call('POST', file.upload!.tusurl!, {
      headers: { ...TUS, 'upload-length': '20' },
    });
    const url = new URL(created.headers.get('location') ?? '', file.upload!.tusurl).toString();
    const headers = {
      ...TUS,
      'content-type': 'application/offset+octet-stream',
      'upload-offset': 0,
      'content-length': 20,
    };
    const patch = openRequest('PATCH', url, headers);
    for (let i = 0; i < 10; i++) {
      await patch.write('ab'.slice(i % 2, (i % 2) + 1));
      await sleep(300);
    }
    // Now silent with 10 of 20 bytes sent: cut, and the 10 bytes are kept for a resume.
    const res = await Promise.race([patch.response, sleep(5000).then(() => null)]);
    expect(res?.status).toBe(408);
    const offset = await waitFor(() => false, 200).then(() =>
      h.call('HEAD', url, { headers: TUS }),
    );
    expect(offset.headers.get('upload-offset')).toBe('10');
  });
});

describe('connection limits', () => {
  let h: Harness;
  const held: RawConn[] = [];
  beforeAll(async () => {
    h = await startHarness({ maxConnectionsPerAddress: 20, maxConnections: 60 });
  });
  afterAll(async () => {
    for (const c of held) c.socket.destroy();
    await h.close();
  });

  test('one address holding its connections is refused more; another address is served', async () => {
    const { port } = h.server;
    // Headers and one body byte, then silence: what held 22,000 connections open.
    const quiet = 'PUT /1/upload/x/0 HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nx';
    for (let i = 0; i < 40; i++) held.push(await hold(port, '127.0.0.1', quiet));
    const refused = held.slice(20);
    expect(await waitFor(() => refused.every((c) => c.closed), 3000)).toBe(true);
    for (const c of refused) {
      expect(c.received).toMatch(/^HTTP\/1\.1 429 /);
      expect(c.received).toContain('"code":"tooManyConnectionsFromAddress"');
    }
    expect(held.slice(0, 20).some((c) => c.closed)).toBe(false);
    // A client from elsewhere still gets its answer.
    const other = await hold(port, '127.0.0.2', 'GET /1/shares/nosuch HTTP/1.1\r\nHost: a\r\n\r\n');
    held.push(other);
    expect(await waitFor(() => other.received.includes('\r\n\r\n'), 3000)).toBe(true);
    expect(other.received).toMatch(/^HTTP\/1\.1 404 /);
  });

  test('past the total, every address is refused with 503 tooManyConnections', async () => {
    const { port } = h.server;
    const quiet = 'GET /1/shares/x HTTP/1.1\r\nHost: a\r\n';
    // 20 held from 127.0.0.1 and one from 127.0.0.2 above; fill up to 60 from two more.
    for (let i = 0; i < 20; i++) held.push(await hold(port, '127.0.0.3', quiet));
    for (let i = 0; i < 19; i++) held.push(await hold(port, '127.0.0.4', quiet));
    const over = await hold(port, '127.0.0.5', 'GET /1/shares/x HTTP/1.1\r\nHost: a\r\n\r\n');
    held.push(over);
    expect(await waitFor(() => over.closed, 3000)).toBe(true);
    expect(over.received).toMatch(/^HTTP\/1\.1 503 /);
    expect(over.received).toContain('"code":"tooManyConnections"');
  });
});
