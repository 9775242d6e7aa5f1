/**
 * For tests: a TCP proxy in front of the server that counts the bytes clients send and can
 * cut every connection at once (a network that drops) or freeze them without a word (a laptop
 * that went to sleep: no reset, no data, nothing).
 */
import net from 'node:net';

export interface TestProxy {
  readonly url: string;
  /** Bytes clients sent through the proxy since the last reset. */
  readonly sent: number;
  /** Connections opened so far. */
  readonly connections: number;
  resetCount(): void;
  /** Destroys every open connection in both directions. */
  dropAll(): void;
  /** Stops moving bytes on every open connection, without closing any. */
  freezeAll(): void;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number): Promise<TestProxy> {
  let sent = 0;
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    connections += 1;
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.on('data', (c: Buffer) => (sent += c.length));
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get sent() {
      return sent;
    },
    get connections() {
      return connections;
    },
    resetCount: () => (sent = 0),
    dropAll: () => {
      for (const s of sockets) s.destroy();
    },
    freezeAll: () => {
      for (const s of sockets) {
        s.unpipe();
        s.pause();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
