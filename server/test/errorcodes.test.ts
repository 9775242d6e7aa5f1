/**
 * Every error body carries a stable `code` from shared/wireErrors.ts, also the answers the
 * HTTP layer gives before a route runs: broken URLs, oversized URL parts or headers, requests
 * that are not HTTP, and requests that arrive while the server closes.
 */
import { once } from 'node:events';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { isWireErrorCode, wireErrors } from '../../shared/wireErrors.js';
import { serverExtensions } from '../extensions.js';
import { startHarness, type Harness } from './harness.js';

/** Sends raw bytes on a fresh connection and collects everything until the server closes it. */
async function raw(port: number, request: string | Buffer): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('error', () => undefined); // a reset after the answer is fine
  socket.write(request);
  await once(socket, 'close');
  return Buffer.concat(chunks).toString('latin1');
}

/** Status and JSON body of each response in `text` (several when requests were pipelined). */
function responses(text: string): { status: number; body: Record<string, unknown> }[] {
  const out: { status: number; body: Record<string, unknown> }[] = [];
  let rest = text;
  while (rest.startsWith('HTTP/1.1 ')) {
    const headEnd = rest.indexOf('\r\n\r\n');
    const head = rest.slice(0, headEnd);
    const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    const body = rest.slice(headEnd + 4, headEnd + 4 + length);
    out.push({
      status: Number(head.slice(9, 12)),
      body: JSON.parse(body) as Record<string, unknown>,
    });
    rest = rest.slice(headEnd + 4 + length);
  }
  return out;
}

function expectCoded(
  answer: { status: number; body: Record<string, unknown> } | undefined,
  code: string,
) {
  expect(answer?.body).toEqual({ error: expect.any(String) as string, code });
  expect(isWireErrorCode(answer?.body.code)).toBe(true);
  expect(answer?.status).toBe(wireErrors[code as keyof typeof wireErrors][0]);
}

let h: Harness;
// The default extensions, as `gett-server serve` runs them (the jsonsocket sniffer included).
beforeEach(async () => {
  h = await startHarness({ extensions: serverExtensions });
});
afterEach(() => h.close());

describe('errors the HTTP layer answers carry a code', () => {
  test('a URL with a broken %-escape', async () => {
    const res = await h.call('GET', '/1/shares/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: wireErrors.badUrl[1], code: 'badUrl' });
  });

  test('a URL part longer than any id', async () => {
    const res = await h.call('GET', `/1/shares/${'a'.repeat(9000)}`);
    expect(res.status).toBe(414);
    expect(res.json).toEqual({ error: wireErrors.urlTooLong[1], code: 'urlTooLong' });
  });

  test('headers past the size limit', async () => {
    const text = await raw(
      h.server.port,
      `GET /1/users/me HTTP/1.1\r\nHost: x\r\nCookie: ${'c'.repeat(20_000)}\r\n\r\n`,
    );
    expectCoded(responses(text)[0], 'headersTooLarge');
  });

  test('bytes that are not an HTTP request', async () => {
    const text = await raw(h.server.port, 'GET /1/users/me HTTP/1.1\r\nHost x\r\n\r\n');
    expectCoded(responses(text)[0], 'badHttpRequest');
  });

  test('a request that arrives while the server closes', async () => {
    // A request that keeps the server draining: a long body still arriving…
    const socket = connect(h.server.port, '127.0.0.1');
    await once(socket, 'connect');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined);
    const body = '{"email":"a@b.c","password":"x"}';
    socket.write(
      `POST /1/users/login HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 9)}`,
    );
    await new Promise((r) => setTimeout(r, 50));
    const closing = h.server.close();
    await new Promise((r) => setTimeout(r, 50));
    // …then the rest of it, and a second request on the same connection, now during close.
    socket.write(`${body.slice(9)}GET /1/users/me HTTP/1.1\r\nHost: x\r\n\r\n`);
    await once(socket, 'close');
    await closing;
    h = await startHarness(); // for afterEach
    const [first, second] = responses(Buffer.concat(chunks).toString('latin1'));
    expect(first?.body.code).toBeDefined();
    expectCoded(second, 'serverClosing');
  });
});

test('a WebSocket upgrade on a path that is not live gets a coded 404', async () => {
  const text = await raw(
    h.server.port,
    'GET /nowhere HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  expectCoded(responses(text)[0], 'notFound');
});
