/** Small clients for tests: a raw jsonsocket client and a WebSocket client that record frames. */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { WebSocket } from 'ws';

/** Collects text frames and lets a test wait for the next one that matches. */
export class FrameLog {
  readonly frames: string[] = [];
  #waiters: { match: (f: string) => boolean; resolve: (f: string) => void }[] = [];
  #seen = 0;

  push(frame: string): void {
    this.frames.push(frame);
    const waiter = this.#waiters[0];
    if (waiter?.match(frame)) {
      this.#waiters.shift();
      this.#seen = this.frames.length;
      waiter.resolve(frame);
    }
  }

  /** Resolves with the next frame after the last one taken that matches (one waiter at a time). */
  next(match: (frame: string) => boolean = () => true): Promise<string> {
    for (let i = this.#seen; i < this.frames.length; i++) {
      const frame = this.frames[i]!;
      if (match(frame)) {
        this.#seen = i + 1;
        return Promise.resolve(frame);
      }
    }
    this.#seen = this.frames.length;
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }
}

export interface JsonSocketClient {
  socket: Socket;
  /** Exactly what the server wrote before the first frame (the 101 head). */
  head: string;
  /** Every newline-terminated frame, and each raw chunk as it arrived. */
  log: FrameLog;
  chunks: string[];
  send(line: string): void;
  closed: Promise<void>;
}

/** Opens a connection the way PETT and JETT do: no Host, no Connection header. */
export async function openJsonSocket(
  port: number,
  options: { answerPings?: boolean; ignoreEnd?: boolean } = {},
): Promise<JsonSocketClient> {
  // ignoreEnd: a client that keeps its side open after the server's FIN.
  const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: options.ignoreEnd ?? false });
  await once(socket, 'connect');
  socket.setEncoding('utf8');
  socket.write('GET / HTTP/1.1\r\nUpgrade: jsonsocket\r\n\r\n');
  const log = new FrameLog();
  const chunks: string[] = [];
  let buffer = '';
  let head: string | null = null;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const gotHead = new Promise<string>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('data', (text: string) => {
      buffer += text;
      if (head === null) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        head = buffer.slice(0, end + 4);
        buffer = buffer.slice(end + 4);
        resolve(head);
      } else {
        chunks.push(text);
      }
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        const frame = buffer.slice(0, nl);
        if (options.answerPings && frame === 'ping') socket.write('pong\n');
        log.push(frame);
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf('\n');
      }
    });
  });
  return {
    socket,
    head: await gotHead,
    log,
    chunks,
    send: (line) => socket.write(line + '\n'),
    closed,
  };
}

export interface WsClient {
  ws: WebSocket;
  log: FrameLog;
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens a WebSocket that logs every text frame. */
export async function openWebSocket(
  url: string,
  options: { answerPings?: boolean } = {},
): Promise<WsClient> {
  const ws = new WebSocket(url);
  const log = new FrameLog();
  ws.on('message', (data: Buffer) => {
    const frame = data.toString('utf8');
    if (options.answerPings && frame === 'ping') ws.send('pong');
    log.push(frame);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await once(ws, 'open');
  return { ws, log, closed };
}
