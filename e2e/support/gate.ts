/**
 * A loopback TCP proxy in front of a real server that can hold uploads: requests that send
 * file bytes (PUT, tus PATCH, upload POSTs) stop forwarding once an allowance of bytes is
 * used, until released. Everything
 * else (REST, live socket, downloads) passes untouched. It makes "the upload is still running"
 * a state the test controls instead of a race against loopback speed.
 */
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Gate {
  /** http://127.0.0.1:<port> — give it to the server as its public URL. */
  readonly url: string;
  /** Points the gate at the server's port (known only after the server listens). */
  target(port: number): void;
  /** From now on uploads may send `allowance` more bytes in total, then wait. */
  hold(allowance?: number): void;
  /** Lets every held upload go on at full speed. */
  release(): void;
  /** Resolves once an upload is waiting at the gate with its allowance used up. */
  blocked(): Promise<void>;
  close(): Promise<void>;
}

/** Sending file bytes: a PUT, a tus PATCH, or a POST to an upload or tus endpoint. */
function isUpload(requestLine: string): boolean {
  const [method = '', path = ''] = requestLine.split(' ');
  if (method === 'PUT' || method === 'PATCH') return true;
  return method === 'POST' && /\/(upload|tus)(\/|\?|$)/.test(path);
}

interface Conn {
  upload: boolean;
  ended: boolean;
  pending: Buffer[];
  client: Socket;
  upstream: Socket;
}

export async function startGate(): Promise<Gate> {
  let targetPort = 0;
  let held = false;
  let allowance = 0;
  const waiting = new Set<Conn>();
  const sockets = new Set<Socket>();
  const onBlocked = new Set<() => void>();

  const flush = (c: Conn) => {
    for (const chunk of c.pending.splice(0)) c.upstream.write(chunk);
    if (c.ended) c.upstream.end();
    else c.client.resume();
  };

  const forward = (c: Conn, chunk: Buffer) => {
    // Each request on a kept-alive connection starts a chunk with its request line.
    const line = /^[A-Z]+ \/\S* HTTP\/1\.1\r\n/.exec(chunk.subarray(0, 2048).toString('latin1'));
    if (line) c.upload = isUpload(line[0]);
    if (c.pending.length > 0) {
      c.pending.push(chunk);
      return;
    }
    if (!c.upload || !held) {
      if (!c.upstream.write(chunk)) {
        c.client.pause();
        c.upstream.once('drain', () => c.client.resume());
      }
      return;
    }
    const pass = Math.min(allowance, chunk.length);
    allowance -= pass;
    if (pass > 0) c.upstream.write(chunk.subarray(0, pass));
    if (pass < chunk.length) {
      c.pending.push(chunk.subarray(pass));
      c.client.pause();
      waiting.add(c);
      for (const wake of onBlocked) wake();
      onBlocked.clear();
    }
  };

  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    const c: Conn = { upload: false, ended: false, pending: [], client, upstream };
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => forward(c, chunk));
    client.on('end', () => {
      c.ended = true;
      if (c.pending.length === 0) upstream.end();
    });
    // Either side closing closes the other, as when a server process exits.
    client.on('close', () => {
      waiting.delete(c);
      upstream.destroy();
    });
    upstream.on('close', () => {
      waiting.delete(c);
      client.destroy();
    });
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    target: (p) => {
      targetPort = p;
    },
    hold: (bytes = 0) => {
      held = true;
      allowance = bytes;
    },
    release: () => {
      held = false;
      for (const c of waiting) flush(c);
      waiting.clear();
    },
    blocked: () =>
      new Promise<void>((resolve) => {
        if (waiting.size > 0) resolve();
        else onBlocked.add(resolve);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
