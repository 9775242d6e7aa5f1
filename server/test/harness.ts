/** Test harness: a real server on port 0 over a temp data dir, and a small HTTP client. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import {
  ErrorBodySchema,
  FileSchema,
  ShareSchema,
  UserSchema,
  type Credentials,
} from '../../shared/gett.js';
import { addApp, addUser } from '../admin.js';
import { startServer, type RunningServer, type ServerOptions } from '../index.js';

export interface Harness {
  readonly server: RunningServer;
  readonly dataDir: string;
  /** Calls the server; `body` objects are sent as JSON (with no Content-Type unless given). */
  call(method: string, url: string, init?: CallInit): Promise<Reply>;
  /** Creates a user and an app, logs in, and returns the login response. */
  login(opts?: { email?: string; password?: string; storageLimit?: number }): Promise<Login>;
  /** Creates a share of `login`'s and one file `filename` in it (not uploaded yet). */
  newFile(login: Login, filename: string): Promise<ReturnType<typeof asFile>>;
  close(): Promise<void>;
}

export interface CallInit {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly redirect?: 'manual' | 'follow';
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed JSON body (undefined when the body is not JSON). */
  readonly json: unknown;
}

/** The reply's body checked against a wire schema (extra fields kept), or a failed test. */
export function wire<T extends z.ZodObject>(
  schema: T,
  reply: Reply,
): z.infer<T> & Record<string, unknown> {
  const parsed = schema.loose().safeParse(reply.json);
  if (!parsed.success) {
    throw new Error(`unexpected body (${reply.status}): ${reply.text}\n${parsed.error.message}`);
  }
  return parsed.data as z.infer<T> & Record<string, unknown>;
}

export const asShare = (r: Reply) => wire(ShareSchema, r);
export const asFile = (r: Reply) => wire(FileSchema, r);
export const asUser = (r: Reply) => wire(UserSchema, r);
/** The `error` text of a failed call. */
export const errorOf = (r: Reply): string => wire(ErrorBodySchema, r).error;

/** A login's answer with the credentials that made it. */
export interface Login extends Readonly<Credentials> {
  readonly accesstoken: string;
  readonly refreshtoken: string;
  readonly expires: number;
  readonly user: { userid: string; storage: { used: number; limit: number } };
}

export function tempDir(prefix = 'gett-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

let counter = 0;

export async function startHarness(opts: Partial<ServerOptions> = {}): Promise<Harness> {
  const dataDir = opts.dataDir ?? tempDir();
  const server = await startServer({ port: 0, extensions: [], ...opts, dataDir });
  const call = async (method: string, url: string, init: CallInit = {}): Promise<Reply> => {
    const full = url.startsWith('http') ? url : `${server.url}${url}`;
    let body: BodyInit | undefined;
    if (init.body instanceof Uint8Array || typeof init.body === 'string')
      body = init.body as BodyInit;
    else if (init.body !== undefined) body = JSON.stringify(init.body);
    const res = await fetch(full, {
      method,
      body,
      headers: init.headers,
      redirect: init.redirect ?? 'manual',
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  const login: Harness['login'] = async (o = {}) => {
    const email = o.email ?? `user${++counter}@example.com`;
    const password = o.password ?? 'correct horse battery';
    await addUser(dataDir, {
      email,
      password,
      fullname: 'Test User',
      storageLimit: o.storageLimit,
    });
    const { apikey } = await addApp(dataDir, { name: 'tests', ownerEmail: email });
    const res = await call('POST', '/1/users/login', { body: { apikey, email, password } });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
    return {
      ...(res.json as Omit<Login, 'apikey' | 'email' | 'password'>),
      apikey,
      email,
      password,
    };
  };
  const newFile: Harness['newFile'] = async (who, filename) => {
    const t = `?accesstoken=${who.accesstoken}`;
    const share = asShare(await call('POST', `/1/shares/create${t}`));
    return asFile(
      await call('POST', `/1/files/${share.sharename}/create${t}`, { body: { filename } }),
    );
  };
  return {
    server,
    dataDir,
    call,
    login,
    newFile,
    close: async () => {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
