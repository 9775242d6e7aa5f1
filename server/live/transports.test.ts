import { once } from 'node:events';
import { Agent, createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseServerFrame, type LiveEvent } from '../../shared/live.js';
import { LiveHub } from './hub.js';
import { classify, installJsonSocket } from './jsonsocket.js';
import { openJsonSocket, openWebSocket } from './test-helpers.js';
import { installWebSocket } from './websocket.js';

const download: LiveEvent = { type: 'download', sharename: 'abc', fileid: '0', filename: 'a.txt' };
const connectAs = (token: string, session: string): string =>
  JSON.stringify({ type: 'connect', accesstoken: token, session });

let server: Server;
let hub: LiveHub;
let port: number;

async function start(pingIntervalMs = 60_000): Promise<void> {
  hub = new LiveHub({
    verifyToken: (t) => (t === 'token-u1' ? 'u1' : t === 'token-u2' ? 'u2' : null),
    pingIntervalMs,
  });
  // A plain HTTP handler stands in for the REST API: it echoes the body it received.
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => res.end(`${req.method} ${req.url} ${Buffer.concat(parts).length}`));
  });
  installJsonSocket(server, (t) => hub.attach(t));
  installWebSocket(server, (t) => hub.attach(t));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
}

afterEach(async () => {
  hub.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('jsonsocket transport (Upgrade: jsonsocket, newline frames)', () => {
  beforeEach(() => start());

  it('answers the exact bytes of the old clients with a 101 and nothing else', async () => {
    const client = await openJsonSocket(port);
    expect(client.head).toBe(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: jsonsocket\r\nConnection: Upgrade\r\n\r\n',
    );
    client.send('ping');
    expect(await client.log.next()).toBe('pong');
    client.socket.destroy();
  });

  it('delivers events to every connection of the account, one message per write', async () => {
    const a = await openJsonSocket(port);
    const b = await openJsonSocket(port);
    const other = await openJsonSocket(port);
    a.send(connectAs('token-u1', 'sess-a'));
    b.send(connectAs('token-u1', 'sess-b'));
    other.send(connectAs('token-u2', 'sess-c'));
    await until(() => hub.isSessionLive('u1', 'sess-a') && hub.isSessionLive('u1', 'sess-b'));
    await until(() => hub.isSessionLive('u2', 'sess-c'));
    expect(hub.sendToUser('u1', download)).toBe(2);
    hub.sendToUser('u1', { ...download, fileid: '1' });
    for (const client of [a, b]) {
      expect(JSON.parse(await client.log.next())).toMatchObject({ type: 'download', fileid: '0' });
      expect(JSON.parse(await client.log.next())).toMatchObject({ type: 'download', fileid: '1' });
    }
    // Each chunk the old readers see holds exactly one whole message.
    for (const chunk of [...a.chunks, ...b.chunks]) expect(chunk).toMatch(/^[^\n]+\n$/);
    other.send('ping');
    expect(await other.log.next()).toBe('pong');
    expect(other.log.frames).toEqual(['pong']);
    for (const c of [a, b, other]) c.socket.destroy();
  });

  it('forgets the session when the socket closes and knows it again after a reconnect', async () => {
    const first = await openJsonSocket(port);
    first.send(connectAs('token-u1', 'same'));
    await until(() => hub.isSessionLive('u1', 'same'));
    first.socket.destroy();
    await until(() => !hub.isSessionLive('u1', 'same'));
    const seen: string[] = [];
    hub.onSessionLive((user, session) => seen.push(`${user}/${session}`));
    const again = await openJsonSocket(port);
    again.send(connectAs('token-u1', 'same'));
    await until(() => hub.isSessionLive('u1', 'same'));
    expect(seen).toEqual(['u1/same']);
    again.socket.destroy();
  });

  it('closes a connection that presents a bad token', async () => {
    const client = await openJsonSocket(port);
    client.send(connectAs('forged', 's'));
    await client.closed;
    expect(hub.connectionCount).toBe(0);
  });

  it('leaves ordinary HTTP on the same port untouched, bodies and keep-alive included', async () => {
    const body = Buffer.alloc(300_000, 7);
    // One socket for all three requests: the sniffer must only ever look at the first.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    const results = await Promise.all(
      ['GET', 'POST', 'GET'].map(
        (method) =>
          new Promise<string>((resolve, reject) => {
            const req = request(
              { port, host: '127.0.0.1', method, path: '/1/shares/x', agent },
              (res) => {
                let text = '';
                res.setEncoding('utf8');
                res.on('data', (c: string) => (text += c));
                res.on('end', () => resolve(text));
              },
            );
            req.on('socket', (s) => sockets.add(s));
            req.on('error', reject);
            req.end(method === 'POST' ? body : undefined);
          }),
      ),
    );
    agent.destroy();
    expect(sockets.size).toBe(1);
    expect(results).toEqual(['GET /1/shares/x 0', 'POST /1/shares/x 300000', 'GET /1/shares/x 0']);
  });
});

describe('heartbeat', () => {
  beforeEach(() => start(40));

  it('pings, keeps connections that answer pong and drops those that stop answering', async () => {
    const answering = await openJsonSocket(port, { answerPings: true });
    const silent = await openWebSocket(`ws://127.0.0.1:${port}/1/live`);
    answering.send(connectAs('token-u1', 'alive'));
    silent.ws.send(connectAs('token-u1', 'quiet'));
    expect(await silent.log.next()).toBe('ping');
    expect((await silent.closed).code).toBe(4002);
    // The answering client outlives several more rounds.
    for (let i = 0; i < 3; i++) await answering.log.next((f) => f === 'ping');
    expect(hub.isSessionLive('u1', 'alive')).toBe(true);
    expect(hub.isSessionLive('u1', 'quiet')).toBe(false);
    answering.socket.destroy();
  });

  it('drops a connection that answers pings but never sends connect', async () => {
    const anonymous = await openWebSocket(`ws://127.0.0.1:${port}/`, { answerPings: true });
    expect(await anonymous.closed).toEqual({
      code: 4004,
      reason: 'send connect with an accesstoken and a session',
    });
  });
});

describe('WebSocket transport', () => {
  beforeEach(() => start());

  it.each(['/', '/1/live'])('serves %s: connect, ping/pong and events', async (path) => {
    const client = await openWebSocket(`ws://127.0.0.1:${port}${path}`);
    client.ws.send(connectAs('token-u1', 'ws-session'));
    client.ws.send('ping');
    expect(await client.log.next()).toBe('pong');
    await until(() => hub.isSessionLive('u1', 'ws-session'));
    hub.sendToUser('u1', { type: 'filestat', sharename: 's', fileid: '2', filename: 'f', size: 9 });
    expect(JSON.parse(await client.log.next())).toEqual({
      type: 'filestat',
      sharename: 's',
      fileid: '2',
      filename: 'f',
      size: 9,
    });
    client.ws.close();
  });

  it('closes with 4001 and a reason on a bad token', async () => {
    const client = await openWebSocket(`ws://127.0.0.1:${port}/`);
    client.ws.send(connectAs('nope', 's'));
    expect(await client.closed).toEqual({ code: 4001, reason: 'invalid or expired access token' });
  });

  it('refuses upgrades on other paths', async () => {
    await expect(openWebSocket(`ws://127.0.0.1:${port}/elsewhere`)).rejects.toThrow(/404/);
  });
});

describe('only the four event types and heartbeats are ever sent', () => {
  beforeEach(() => start(30));

  it('whatever clients send, every frame they get is ping, pong or a known event', async () => {
    const line = await openJsonSocket(port, { answerPings: true });
    const ws = await openWebSocket(`ws://127.0.0.1:${port}/`, { answerPings: true });
    const junk = [
      '{"type":"hello"}',
      '{"type":"connect","accesstoken":"token-u1","session":"fuzz-1","extra":[1]}',
      'not json',
      '{"type":"subscribe","sharename":"x"}',
      '[1,2,3]',
      'null',
      '{"type":"ping"}',
      '',
      'PING',
    ];
    line.send(connectAs('token-u1', 'fuzz-1'));
    ws.ws.send(connectAs('token-u1', 'fuzz-2'));
    await until(() => hub.isSessionLive('u1', 'fuzz-1') && hub.isSessionLive('u1', 'fuzz-2'));
    for (const j of junk) {
      line.send(j);
      ws.ws.send(j);
    }
    const ref = { sharename: 's', fileid: '0', filename: 'f' };
    hub.sendToUser('u1', { type: 'download', ...ref, increment: true });
    hub.sendToUser('u1', { type: 'storagelimit', ...ref });
    hub.sendToUser('u1', { type: 'filestat', ...ref, size: 1 });
    hub.sendToUser('u1', { type: 'violatedterms', ...ref, reason: 'malware' });
    // Events with extra fields or an unknown type never reach the wire.
    hub.sendToUser('u1', { type: 'download', ...ref, secret: 'x' } as LiveEvent);
    expect(() =>
      hub.sendToUser('u1', { type: 'welcome', ...ref } as unknown as LiveEvent),
    ).toThrow();
    await line.log.next((f) => f.includes('violatedterms'));
    await ws.log.next((f) => f.includes('violatedterms'));
    await line.log.next((f) => f.includes('"download"'));
    await line.log.next((f) => f === 'ping');
    for (const frame of [...line.log.frames, ...ws.log.frames]) {
      expect(parseServerFrame(frame), frame).not.toBeNull();
      expect(frame).not.toContain('secret');
    }
    line.socket.destroy();
    ws.ws.close();
  });
});

describe('recognising a jsonsocket request head', () => {
  const head = (text: string) => classify(Buffer.from(text, 'latin1'));

  it('accepts the old clients\' request, case-blind, with LF or CRLF, and "socket"', () => {
    const exact = 'GET / HTTP/1.1\r\nUpgrade: jsonsocket\r\n\r\n';
    expect(head(exact)).toBe(exact.length);
    const lf = 'GET / HTTP/1.1\nupgrade:  JsonSocket \n\n{"type":"ping"}';
    expect(head(lf)).toBe(lf.indexOf('{'));
    const socket = 'GET / HTTP/1.1\r\nUpgrade: socket\r\n\r\n';
    expect(head(socket)).toBe(socket.length);
  });

  it('waits for the rest of a GET head, and hands everything else to HTTP at once', () => {
    expect(head('G')).toBe('wait');
    expect(head('GET / HTTP/1.1\r\nUpgr')).toBe('wait');
    expect(head('POST / HTTP/1.1\r\n')).toBe('http');
    expect(head('PUT /1/upload/x')).toBe('http');
    expect(head('GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')).toBe(
      'http',
    );
    expect(head('GET /1/shares HTTP/1.1\r\nHost: x\r\n\r\n')).toBe('http');
    expect(head('\x16\x03\x01')).toBe('http');
  });
});

describe('jsonsocket over a slow network', () => {
  beforeEach(() => start());

  it('assembles a request head that arrives a few bytes at a time', async () => {
    const socket = connect({ port, host: '127.0.0.1', noDelay: true });
    await once(socket, 'connect');
    socket.setEncoding('utf8');
    let received = '';
    socket.on('data', (text: string) => (received += text));
    for (const piece of ['GE', 'T / HTTP/1.1\r\nUp', 'grade: jsonsocket\r', '\n\r\nping\n']) {
      socket.write(piece);
      await new Promise((r) => setImmediate(r));
    }
    await until(() => received.endsWith('pong\n'));
    expect(received).toBe(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: jsonsocket\r\nConnection: Upgrade\r\n\r\npong\n',
    );
    socket.destroy();
  });
});
