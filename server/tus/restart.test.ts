/**
 * Offsets survive the server: killed hard (SIGKILL) or closed mid-PATCH, a restarted server
 * on the same data dir continues the upload from what it had safely stored, a downloader
 * tailing the file gets identical bytes, and old-style PUT still works on the same file.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addApp, addUser } from '../admin.js';
import { startServer } from '../index.js';
import { tempDir } from '../test/harness.js';
import { openRequest, streamGet } from '../test/rawhttp.js';
import { bundleCli, startChildServer } from './childServer.js';
import type { Credentials } from '../../shared/gett.js';

const MiB = 1024 * 1024;
const TUS = { 'tus-resumable': '1.0.0' };
const OCTETS = { ...TUS, 'content-type': 'application/offset+octet-stream' };

let bundle: Awaited<ReturnType<typeof bundleCli>>;
const dirs: string[] = [];

beforeAll(async () => {
  bundle = await bundleCli();
});
afterAll(() => {
  bundle.remove();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function account(dataDir: string) {
  const email = `u${dirs.length}@example.test`;
  const password = 'a long enough password';
  await addUser(dataDir, { email, password, fullname: 'Uploader' });
  const { apikey } = await addApp(dataDir, { name: 'tests', ownerEmail: email });
  return { email, password, apikey };
}

/** Logs in, creates a share and a file; returns the file's URLs. */
async function newFile(base: string, login: Credentials) {
  const res = await fetch(`${base}/1/users/login`, { method: 'POST', body: JSON.stringify(login) });
  const { accesstoken } = (await res.json()) as { accesstoken: string };
  const t = `?accesstoken=${accesstoken}`;
  const share = (await (await fetch(`${base}/1/shares/create${t}`, { method: 'POST' })).json()) as {
    sharename: string;
  };
  const file = (await (
    await fetch(`${base}/1/files/${share.sharename}/create${t}`, {
      method: 'POST',
      body: JSON.stringify({ filename: 'big.iso' }),
    })
  ).json()) as { fileid: string; upload: { puturl: string; tusurl: string } };
  return { sharename: share.sharename, fileid: file.fileid, ...file.upload };
}

async function create(tusurl: string, length: number): Promise<string> {
  const res = await fetch(tusurl, {
    method: 'POST',
    headers: { ...TUS, 'upload-length': String(length) },
  });
  expect(res.status).toBe(201);
  return res.headers.get('location') ?? '';
}

async function offsetOf(url: string): Promise<number> {
  const res = await fetch(url, { method: 'HEAD', headers: TUS });
  expect(res.status).toBe(200);
  return Number(res.headers.get('upload-offset'));
}

async function patch(url: string, offset: number, body: Buffer): Promise<number> {
  const res = await fetch(url, {
    method: 'PATCH',
    body: Uint8Array.from(body),
    headers: { ...OCTETS, 'upload-offset': String(offset) },
  });
  expect(res.status).toBe(204);
  return Number(res.headers.get('upload-offset'));
}

async function readystate(base: string, f: { sharename: string; fileid: string }) {
  const res = await fetch(`${base}/1/files/${f.sharename}/${f.fileid}`);
  return ((await res.json()) as { readystate: string }).readystate;
}

/** Follows the file's bytes from `/blob` until the stream ends or breaks. */
async function tail(base: string, f: { sharename: string; fileid: string }) {
  const redirect = await fetch(`${base}/1/files/${f.sharename}/${f.fileid}/blob`, {
    redirect: 'manual',
  });
  const res: IncomingMessage = await streamGet(redirect.headers.get('location') ?? '');
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<boolean>((resolve) => {
    res.on('end', () => resolve(true));
    res.on('error', () => resolve(false));
    res.on('aborted', () => resolve(false));
  });
  return { done, bytes: () => Buffer.concat(chunks) };
}

/** Sends `body` as a PATCH at `offset` but stops once the server holds `upTo` bytes. */
async function partialPatch(url: string, offset: number, body: Buffer, upTo: number) {
  const req = openRequest('PATCH', url, {
    ...OCTETS,
    'upload-offset': offset,
    'content-length': body.length,
  });
  await req.write(body.subarray(0, upTo - offset));
  while ((await offsetOf(url)) < upTo) await new Promise((r) => setTimeout(r, 5));
  return req;
}

describe('a tus upload across server restarts', () => {
  test('SIGKILL mid-PATCH: the restarted server resumes from the stored offset', async () => {
    const dataDir = tempDir('gett-tus-kill-');
    dirs.push(dataDir);
    const login = await account(dataDir);
    const server = await startChildServer(bundle.cli, dataDir);
    try {
      const f = await newFile(server.url, login);
      const data = randomBytes(3 * MiB);
      const url = await create(f.tusurl, data.length);
      expect(await patch(url, 0, data.subarray(0, MiB))).toBe(MiB);
      const before = await tail(server.url, f);

      // Half of the next PATCH reaches the disk, then the process dies without any cleanup.
      const cut = await partialPatch(url, MiB, data.subarray(MiB), MiB + 768 * 1024);
      await server.kill();
      cut.abort();
      expect(await before.done).toBe(false);
      expect(data.subarray(0, before.bytes().length).equals(before.bytes())).toBe(true);

      await server.restart();
      // The confirmed offset is the truth; the unconfirmed tail on disk was cut off.
      const resumeAt = await offsetOf(url);
      expect(resumeAt).toBe(MiB);
      expect(await readystate(server.url, f)).toBe('uploading');

      const after = await tail(server.url, f);
      let sent = 0;
      for (let at = resumeAt; at < data.length; at += MiB) {
        const piece = data.subarray(at, Math.min(at + MiB, data.length));
        sent += piece.length;
        await patch(url, at, piece);
      }
      expect(sent).toBeLessThan(data.length);
      expect(await after.done).toBe(true);
      expect(after.bytes().equals(data)).toBe(true);
      expect(await readystate(server.url, f)).toBe('uploaded');

      // An old client's PUT to the same file still replaces its content.
      const replacement = randomBytes(4096);
      const put = await fetch(f.puturl, { method: 'PUT', body: Uint8Array.from(replacement) });
      expect(put.status).toBe(200);
      const again = await tail(server.url, f);
      expect(await again.done).toBe(true);
      expect(again.bytes().equals(replacement)).toBe(true);
    } finally {
      await server.kill();
    }
  });

  test('a graceful stop mid-PATCH keeps every byte that reached the disk', async () => {
    const dataDir = tempDir('gett-tus-stop-');
    dirs.push(dataDir);
    const login = await account(dataDir);
    let server = await startServer({ dataDir, port: 0, extensions: [] });
    const port = server.port;
    try {
      const f = await newFile(server.url, login);
      const data = randomBytes(2 * MiB);
      const url = await create(f.tusurl, data.length);
      const cut = await partialPatch(url, 0, data, 700 * 1024);
      const closing = server.close();
      const answer = await cut.response.catch(() => null);
      if (answer) expect(answer.status).toBe(503);
      await closing;

      server = await startServer({ dataDir, port, extensions: [] });
      const resumeAt = await offsetOf(url);
      expect(resumeAt).toBeGreaterThanOrEqual(700 * 1024);
      expect(resumeAt).toBeLessThan(data.length);
      expect(await patch(url, resumeAt, data.subarray(resumeAt))).toBe(data.length);
      const got = await tail(server.url, f);
      expect(await got.done).toBe(true);
      expect(got.bytes().equals(data)).toBe(true);
    } finally {
      await server.close();
    }
  });

  test('an upload abandoned until its URL expired is dropped at start, freeing its bytes', async () => {
    const dataDir = tempDir('gett-tus-expire-');
    dirs.push(dataDir);
    const login = await account(dataDir);
    let server = await startServer({ dataDir, port: 0, extensions: [] });
    const port = server.port;
    try {
      const f = await newFile(server.url, login);
      const url = await create(f.tusurl, 1000);
      await patch(url, 0, randomBytes(300));
      await server.close();
      // Eight days later: the signature in the upload URL has expired.
      const db = new Database(path.join(dataDir, 'gett.sqlite'));
      db.prepare('UPDATE tus_uploads SET created = created - ?').run(8 * 86400);
      db.close();

      server = await startServer({ dataDir, port, extensions: [] });
      expect(await readystate(server.url, f)).toBe('remote');
      expect(fs.readdirSync(path.join(dataDir, 'blobs'))).toEqual([]);
      const again = await create(f.tusurl, 10);
      expect(await patch(again, 0, randomBytes(10))).toBe(10);
      expect(await readystate(server.url, f)).toBe('uploaded');
    } finally {
      await server.close();
    }
  });
});
