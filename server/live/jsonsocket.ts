/**
 * The `Upgrade: jsonsocket` transport of Ge.tt's own clients (PETT, JETT): `GET / HTTP/1.1`,
 * `Upgrade: jsonsocket`, a blank line, then newline-delimited text frames. The request carries
 * no Host and no `Connection: Upgrade`, so Node's HTTP parser rejects it (400) and never emits
 * 'upgrade'. We therefore look at the first bytes of every TCP connection before the HTTP server
 * does, and hand everything else back to it untouched.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { LiveTransport, ServerFrame, TransportEvents } from './frames.js';

export interface JsonSocketOptions {
  /** Pause between two frames so old readers never see two messages in one recv(). */
  frameGapMs?: number;
  /** A connection that does not finish its request head in this time is dropped. */
  headTimeoutMs?: number;
}

const SWITCHING =
  'HTTP/1.1 101 Switching Protocols\r\nUpgrade: jsonsocket\r\nConnection: Upgrade\r\n\r\n';
const MAX_HEAD_BYTES = 16 * 1024;
const MAX_LINE_CHARS = 64 * 1024;
/**
 * Frames queued for one client (frames leave one per write and gap, about 200 a second).
 * Past this the oldest queued `download` is shed; only a client this far behind on other
 * frames (it stopped reading) is dropped.
 */
const MAX_QUEUED_FRAMES = 1024;

interface Queued {
  frame: ServerFrame;
  /** `sharename/fileid` of a `download` event, which later ones of that file join. */
  download?: string;
}

/** The file of a `download` frame, or undefined for every other frame. */
function downloadOf(frame: ServerFrame): { key: string; increment: boolean } | undefined {
  if (!frame.startsWith('{"type":"download"')) return undefined;
  const event = JSON.parse(frame) as { sharename: string; fileid: string; increment?: boolean };
  return { key: `${event.sharename}/${event.fileid}`, increment: event.increment === true };
}
const GET = Buffer.from('GET ');

type ConnectionListener = (socket: Socket) => void;

/**
 * Puts the jsonsocket sniffer in front of the server's own connection handling. `accept` is
 * called for each jsonsocket client (normally `hub.attach`).
 */
export function installJsonSocket(
  server: Server,
  accept: (transport: LiveTransport) => TransportEvents,
  options: JsonSocketOptions = {},
): JsonSocketSniffer {
  const frameGapMs = options.frameGapMs ?? 5;
  const headTimeoutMs = options.headTimeoutMs ?? 60_000;
  const httpListeners = server.listeners('connection') as ConnectionListener[];
  server.removeAllListeners('connection');
  const toHttp = (socket: Socket, head: Buffer): void => {
    socket.pause();
    if (head.length > 0) socket.unshift(head);
    for (const listener of httpListeners) listener.call(server, socket);
    socket.resume();
  };
  // Undecided connections are invisible to the HTTP server, whose close() would wait for them
  // until the head timeout: when the server stops, silent ones end and the rest go to HTTP.
  const undecided = new Map<Socket, () => void>();
  let stopped = false;
  server.on('connection', (socket: Socket) => {
    if (stopped) return toHttp(socket, Buffer.alloc(0));
    let head: Buffer = Buffer.alloc(0);
    const timer = setTimeout(() => socket.destroy(), headTimeoutMs);
    const ignoreError = (): void => undefined;
    const done = (): void => {
      clearTimeout(timer);
      undecided.delete(socket);
      socket.off('data', onData);
      socket.off('error', ignoreError);
    };
    const onData = (chunk: Buffer): void => {
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
      const verdict = classify(head);
      if (verdict === 'wait' && head.length <= MAX_HEAD_BYTES) return;
      done();
      if (typeof verdict === 'number') {
        startLines(socket, head.subarray(verdict), accept, frameGapMs);
      } else {
        toHttp(socket, head);
      }
    };
    undecided.set(socket, () => {
      done();
      // Nothing asked yet: nothing to answer (Node's HTTP server keeps such a connection open).
      if (head.length === 0) socket.destroy();
      else toHttp(socket, head);
    });
    socket.on('error', ignoreError);
    socket.on('data', onData);
    socket.once('close', done);
  });
  return {
    stop() {
      stopped = true;
      for (const handOver of [...undecided.values()]) handOver();
    },
  };
}

export interface JsonSocketSniffer {
  /**
   * Server shutdown: connections that sent nothing yet are ended; those that began a request,
   * and new ones, go to the HTTP server, which answers them (a 503 while closing).
   */
  stop(): void;
}

/** 'http', 'wait' for more bytes, or the length of a jsonsocket request head. */
export function classify(head: Buffer): 'http' | 'wait' | number {
  const prefix = Math.min(head.length, GET.length);
  if (!head.subarray(0, prefix).equals(GET.subarray(0, prefix))) return 'http';
  const text = head.toString('latin1');
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) return 'wait';
  const lines = text.slice(0, match.index).split(/\r?\n/).slice(1);
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.slice(0, colon).trim().toLowerCase() !== 'upgrade') continue;
    const value = line
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (value === 'jsonsocket' || value === 'socket') return match.index + match[0].length;
  }
  return 'http';
}

function startLines(
  socket: Socket,
  rest: Buffer,
  accept: (transport: LiveTransport) => TransportEvents,
  frameGapMs: number,
): void {
  socket.setNoDelay(true);
  socket.setEncoding('utf8');
  const queue: Queued[] = [];
  // Queued downloads by file: a burst of downloads of one file reaches the client as one
  // event (counted if any of them was), so anonymous GETs cannot crowd the uploader off.
  const downloads = new Map<string, Queued>();
  let writing = false;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    queue.length = 0;
    downloads.clear();
    socket.destroy();
    events.closed();
  };
  // One frame per write, the next only after the previous left and a short gap (§7.1 hazard).
  const pump = (): void => {
    const next = queue.shift();
    if (next === undefined || ended) return;
    if (next.download !== undefined) downloads.delete(next.download);
    writing = true;
    socket.write(next.frame + '\n', (err) => {
      if (err) return end();
      setTimeout(() => {
        writing = false;
        pump();
      }, frameGapMs).unref();
    });
  };
  const transport: LiveTransport = {
    kind: 'jsonsocket',
    send(frame: ServerFrame) {
      if (ended) return;
      const download = downloadOf(frame);
      if (download) {
        const queued = downloads.get(download.key);
        if (queued) {
          if (download.increment) queued.frame = frame;
          return;
        }
      }
      if (queue.length >= MAX_QUEUED_FRAMES) {
        const oldest = queue.findIndex((q) => q.download !== undefined);
        if (oldest < 0) return end();
        const [shed] = queue.splice(oldest, 1);
        if (shed?.download !== undefined) downloads.delete(shed.download);
      }
      const entry: Queued = { frame, download: download?.key };
      if (download) downloads.set(download.key, entry);
      queue.push(entry);
      if (!writing) pump();
    },
    close() {
      if (ended) return;
      ended = true;
      queue.length = 0;
      // No close frame exists in this protocol: end, and cut a peer that keeps its side open.
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
      events.closed();
    },
  };
  socket.write(SWITCHING);
  const events = accept(transport);
  let partial = '';
  const onText = (text: string): void => {
    partial += text;
    let newline = partial.indexOf('\n');
    while (newline >= 0) {
      const line = partial.slice(0, newline).replace(/\r$/, '');
      partial = partial.slice(newline + 1);
      if (line.length > 0) events.receive(line);
      if (ended) return;
      newline = partial.indexOf('\n');
    }
    if (partial.length > MAX_LINE_CHARS) end();
  };
  socket.on('data', onText);
  socket.on('error', end);
  socket.on('end', end);
  socket.on('close', end);
  if (rest.length > 0) onText(rest.toString('utf8'));
}
