/** node:http helpers for what fetch cannot do: chunked bodies sent piece by piece, aborts. */
import http from 'node:http';

export interface OpenRequest {
  /** Sends a piece of the body (chunked unless a Content-Length was given). */
  write(data: string | Buffer): Promise<void>;
  /** Ends the body and resolves with the response. */
  end(): Promise<RawResponse>;
  /** Cuts the connection mid-body, like a client that crashed. */
  abort(): void;
  /** The response, if the server answers before the body ends. */
  readonly response: Promise<RawResponse>;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

export function openRequest(
  method: string,
  url: string,
  headers: Record<string, string | number> = {},
): OpenRequest {
  const req = http.request(url, { method, headers, agent: false });
  const response = new Promise<RawResponse>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  response.catch(() => undefined);
  req.flushHeaders();
  return {
    write: (data) =>
      new Promise((resolve, reject) => req.write(data, (err) => (err ? reject(err) : resolve()))),
    end: () => {
      req.end();
      return response;
    },
    abort: () => req.destroy(),
    response,
  };
}

/** GETs `url` and hands back the response as a stream, for reading piece by piece. */
export function streamGet(url: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, resolve).on('error', reject);
  });
}
