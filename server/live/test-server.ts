/** A real server on port 0 with a fresh data dir and a signed-in account, for live tests. */
import fs from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { GettFile, GettShare } from '../../shared/gett.js';
import type { Logger } from '../../shared/log.js';
import { ensureLocalAccount } from '../admin.js';
import type { ServerExtension } from '../context.js';
import { startServer, type RunningServer, type ServerOptions } from '../index.js';

/** Set GETT_TEST_LOG=1 to see the server's log while debugging a test. */
const consoleLogger: Logger = {
  debug: (m, d) => console.debug(m, d),
  info: (m, d) => console.info(m, d),
  warn: (m, d) => console.warn(m, d),
  error: (m, d) => console.error(m, d),
  child: () => consoleLogger,
};

export interface TestServer {
  server: RunningServer;
  dataDir: string;
  accesstoken: string;
  userid: string;
  /** Calls the REST API with the token; throws on a non-200 answer. */
  api<T>(method: 'GET' | 'POST', apiPath: string, body?: unknown): Promise<T>;
  createFile(filename: string, session?: string): Promise<{ share: GettShare; file: GettFile }>;
  close(): Promise<void>;
}

export async function startTestServer(
  extensions?: readonly ServerExtension[],
  options: Pick<ServerOptions, 'blocklistFile' | 'maxLivePerUser'> = {},
): Promise<TestServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gett-live-'));
  const account = { email: 'owner@example.test', password: 'correct horse', fullname: 'Owner' };
  const { apikey, userid } = await ensureLocalAccount(dataDir, { ...account, appName: 'tests' });
  const logger = process.env.GETT_TEST_LOG ? consoleLogger : undefined;
  const server = await startServer({
    dataDir,
    ...(extensions ? { extensions } : {}),
    ...options,
    ...(logger ? { logger } : {}),
  });
  const call = async <T>(method: string, apiPath: string, body?: unknown): Promise<T> => {
    const res = await fetch(server.url + apiPath, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await res.json();
    if (res.status !== 200)
      throw new Error(`${method} ${apiPath}: ${res.status} ${JSON.stringify(json)}`);
    return json as T;
  };
  const login = await call<{ accesstoken: string }>('POST', '/1/users/login', {
    apikey,
    email: account.email,
    password: account.password,
  });
  const accesstoken = login.accesstoken;
  const withToken = (p: string): string =>
    `${p}${p.includes('?') ? '&' : '?'}accesstoken=${accesstoken}`;
  return {
    server,
    dataDir,
    accesstoken,
    userid,
    api: (method, apiPath, body) => call(method, withToken(apiPath), body),
    async createFile(filename, session) {
      const share = await call<GettShare>('POST', withToken('/1/shares/create'), {});
      const file = await call<GettFile>('POST', withToken(`/1/files/${share.sharename}/create`), {
        filename,
        ...(session === undefined ? {} : { session }),
      });
      return { share, file };
    },
    async close() {
      await server.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A PUT the test feeds by hand: write some bytes, hold, write more, or kill it. */
export function openUpload(puturl: string, length: number) {
  const req = request(puturl, { method: 'PUT', headers: { 'content-length': length } });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
  response.catch(() => undefined);
  req.flushHeaders();
  return {
    write: (chunk: Buffer) => new Promise<void>((resolve) => req.write(chunk, () => resolve())),
    end: () => req.end(),
    kill: () => req.destroy(),
    response,
  };
}

/** Reads a fetch body chunk by chunk, so tests can look at bytes before the end. */
export function bodyReader(res: Response) {
  const reader = res.body!.getReader();
  const received: Uint8Array[] = [];
  let total = 0;
  return {
    get total() {
      return total;
    },
    /** Reads until at least `n` bytes arrived in all. */
    async atLeast(n: number): Promise<void> {
      while (total < n) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`body ended after ${total} bytes, expected at least ${n}`);
        received.push(value);
        total += value.length;
      }
    },
    /** Reads to the end and returns every byte. */
    async all(): Promise<Buffer> {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return Buffer.concat(received);
        received.push(value);
        total += value.length;
      }
    },
  };
}
