/** Plain node:http clients for the big transfers (fetch's web streams would cost more CPU). */
import { request, type IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';

export interface PutResult {
  status: number;
  body: string;
  ms: number;
}

/** PUTs `length` bytes from `body`; resolves when the response has been read. */
export function put(url: string, body: Readable, length: number): Promise<PutResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'PUT',
      headers: { 'content-length': length, 'content-type': 'application/octet-stream' },
    });
    req.on('error', reject);
    body.on('error', (err) => req.destroy(err));
    req.on('response', (res) => {
      readText(res).then(
        (text) =>
          resolve({ status: res.statusCode ?? 0, body: text, ms: performance.now() - started }),
        reject,
      );
    });
    body.pipe(req);
  });
}

export interface GetOptions {
  headers?: Record<string, string>;
  /** Called with the running byte count after each chunk. */
  onData?: (bytes: number, now: number) => void;
  /** Aborts the download (the promise then rejects). */
  signal?: AbortSignal;
  /** Called once the (final) response headers arrive. */
  onResponse?: (res: IncomingMessage) => void;
}

export interface GetResult {
  status: number;
  bytes: number;
  ms: number;
}

/** GETs a URL, following redirects, counting (and dropping) the body bytes. */
export async function download(url: string, opts: GetOptions = {}): Promise<GetResult> {
  const started = performance.now();
  let target = url;
  for (let hops = 0; hops < 5; hops++) {
    const res = await open(target, opts.headers, opts.signal);
    const location = res.headers.location;
    if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && location) {
      res.resume();
      target = new URL(location, target).toString();
      continue;
    }
    opts.onResponse?.(res);
    let bytes = 0;
    await new Promise<void>((resolve, reject) => {
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        opts.onData?.(bytes, performance.now());
      });
      res.on('end', resolve);
      res.on('error', reject);
      res.on('aborted', () =>
        reject(new Error(`download of ${target} was cut off at ${bytes} bytes`)),
      );
    });
    return { status: res.statusCode ?? 0, bytes, ms: performance.now() - started };
  }
  throw new Error(`too many redirects from ${url}`);
}

function open(
  url: string,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, signal ? { headers, signal } : { headers });
    req.on('response', resolve);
    req.on('error', reject);
    req.end();
  });
}

export function readText(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    res.on('data', (c: Buffer) => parts.push(c));
    res.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    res.on('error', reject);
  });
}

/** Sends JSON (or nothing) and parses a JSON reply; non-2xx replies throw with their body. */
export async function json<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}
