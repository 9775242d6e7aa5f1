/**
 * One tus request over node:http(s): the body (a slice of a file) is streamed with
 * back-pressure, and a connection that goes silent (a laptop that slept, a dead Wi-Fi) errors
 * after `idleMs` instead of hanging, so the uploader can ask the server where it stands.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { errorAnswer, isFsError, unreachable, type ErrorAnswer } from '../api/errors';

export const TUS_VERSION = '1.0.0';

export interface TusResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The server's `error` text and `code`, when the body carried them. */
  readonly answer: ErrorAnswer;
}

export interface TusRequest {
  method: 'POST' | 'HEAD' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: { stream: Readable; length: number };
  signal: AbortSignal;
  idleMs: number;
}

export function abortError(): Error {
  const err = new Error('Upload stopped');
  err.name = 'AbortError';
  return err;
}

export async function tusRequest(r: TusRequest): Promise<TusResponse> {
  const url = new URL(r.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers: Record<string, string> = { 'tus-resumable': TUS_VERSION, ...r.headers };
  if (r.body) headers['content-length'] = String(r.body.length);
  const req = send(url, { method: r.method, headers, signal: r.signal });
  req.setTimeout(r.idleMs, () => req.destroy(new Error(`no answer for ${r.idleMs} ms`)));
  const answer = new Promise<TusResponse>((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text = text.length < 4096 ? text + c : text));
      res.once('error', reject);
      res.once('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, answer: errorAnswer(text) });
      });
    });
  });
  answer.catch(() => undefined); // reported below, after the body
  try {
    if (r.body) await pipeline(r.body.stream, req);
    else req.end();
  } catch (err) {
    if (r.signal.aborted) throw abortError();
    if (isFsError(err)) {
      req.destroy();
      throw err;
    }
    // The server may have answered before reading the whole body (e.g. 409, 413).
    const early = await answer.catch(() => null);
    if (early) return early;
    throw unreachable(r.url, err);
  }
  try {
    return await answer;
  } catch (err) {
    if (r.signal.aborted) throw abortError();
    throw unreachable(r.url, err);
  }
}
