/**
 * The baseline: the least a node:http server must do for each job, run in its own process like
 * ours. PUT pipes the body to a file; GET streams a finished file (with Range) or follows a
 * file still being written; POST /echo is one bare round trip.
 * Usage: node dist/bench/baseline-server.cjs <dataDir>; prints "baseline listening on <url>".
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

interface Growing {
  written: number;
  total: number | null;
  done: boolean;
  wake: Set<() => void>;
}

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: baseline-server <dataDir>');
const growing = new Map<string, Growing>();

const server = createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    if (!res.headersSent) res.writeHead(500).end(String(err));
    else res.destroy();
  });
});

async function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/echo') {
    req.resume();
    await once(req, 'end');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  const name = /^\/files\/([\w.-]+)$/.exec(url.pathname)?.[1];
  if (!name) return void res.writeHead(404).end();
  const path = join(dataDir!, name);
  if (req.method === 'PUT') return receive(req, res, name, path);
  if (req.method === 'DELETE') {
    await rm(path, { force: true });
    return void res.writeHead(200).end();
  }
  const g = growing.get(name);
  if (g) return follow(res, g, path);
  return serve(req, res, path);
}

async function receive(req: IncomingMessage, res: ServerResponse, name: string, path: string) {
  const length = Number(req.headers['content-length']);
  const g: Growing = {
    written: 0,
    total: Number.isFinite(length) ? length : null,
    done: false,
    wake: new Set(),
  };
  const wake = () => {
    for (const w of g.wake) w();
    g.wake.clear();
  };
  const out = createWriteStream(path);
  await once(out, 'open');
  growing.set(name, g);
  req.on('data', (chunk: Buffer) => {
    const ok = out.write(chunk, () => {
      g.written += chunk.length;
      wake();
    });
    if (!ok) {
      req.pause();
      out.once('drain', () => req.resume());
    }
  });
  await once(req, 'end');
  out.end();
  await once(out, 'finish');
  g.done = true;
  growing.delete(name);
  wake();
  res.writeHead(200, { 'content-type': 'text/plain' }).end('computer says yes');
}

/** Streams a file as it grows: read what is written, then wait for the next write. */
async function follow(res: ServerResponse, g: Growing, path: string) {
  const fh = await open(path, 'r');
  try {
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      ...(g.total === null ? {} : { 'content-length': g.total }),
    });
    let pos = 0;
    for (;;) {
      if (pos < g.written) {
        const buf = Buffer.allocUnsafe(Math.min(256 * 1024, g.written - pos));
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        pos += bytesRead;
        if (!res.write(buf.subarray(0, bytesRead))) await once(res, 'drain');
      } else if (g.done) break;
      else await new Promise<void>((resolve) => g.wake.add(resolve));
    }
    res.end();
  } finally {
    await fh.close();
  }
}

async function serve(req: IncomingMessage, res: ServerResponse, path: string) {
  const size = (await stat(path)).size;
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (range) {
    const start = range[1] ? Number(range[1]) : size - Number(range[2]);
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    res.writeHead(206, {
      'content-type': 'application/octet-stream',
      'content-length': end - start + 1,
      'content-range': `bytes ${start}-${end}/${size}`,
    });
    createReadStream(path, { start, end }).pipe(res);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
  createReadStream(path).pipe(res);
}

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`baseline listening on http://127.0.0.1:${port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
