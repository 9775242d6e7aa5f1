import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bodyReader, openUpload, startTestServer, type TestServer } from '../live/test-server.js';
import { openWebSocket } from '../live/test-helpers.js';
import { parseBlocklist } from './blocklist.js';
import { removeFileForTerms } from './remove.js';

let t: TestServer | undefined;
afterEach(() => t?.close());

async function upload(server: TestServer, content: Buffer) {
  const share = await server.api<{ sharename: string }>('POST', '/1/shares/create', {});
  const file = await server.api<{ fileid: string; upload: { puturl: string } }>(
    'POST',
    `/1/files/${share.sharename}/create`,
    { filename: 'thing.bin' },
  );
  const up = openUpload(file.upload.puturl, content.length);
  await up.write(content);
  up.end();
  return { sharename: share.sharename, fileid: file.fileid, response: await up.response };
}

async function ownerSocket(server: TestServer) {
  const client = await openWebSocket(`ws://127.0.0.1:${server.server.port}/`, {
    answerPings: true,
  });
  client.ws.send(
    JSON.stringify({ type: 'connect', accesstoken: server.accesstoken, session: 'm' }),
  );
  return client;
}

const blobFiles = async (server: TestServer) => fs.readdir(path.join(server.dataDir, 'blobs'));

describe('files remove (operator command) while the server runs', () => {
  it('removes the bytes, shows the reason and tells the owner', async () => {
    t = await startTestServer();
    const owner = await ownerSocket(t);
    const { sharename, fileid } = await upload(t, Buffer.from('offending bytes'));
    expect(await blobFiles(t)).toHaveLength(1);

    await removeFileForTerms(t.dataDir, { sharename, fileid, reason: 'malware' });

    const event = JSON.parse(await owner.log.next((f) => f.includes('violatedterms'))) as unknown;
    expect(event).toEqual({
      type: 'violatedterms',
      sharename,
      fileid,
      filename: 'thing.bin',
      reason: 'malware',
    });
    expect(await blobFiles(t)).toHaveLength(0);
    const file = await t.api<{ readystate: string; reason: string }>(
      'GET',
      `/1/files/${sharename}/${fileid}`,
    );
    expect(file).toMatchObject({ readystate: 'removed', reason: 'malware' });
    const res = await fetch(`${t.server.url}/1/files/${sharename}/${fileid}/blob`);
    expect(res.status).toBe(410);
    expect(await res.json()).toMatchObject({ error: 'the file was removed (malware)' });
    owner.ws.close();
  });

  it('refuses unknown files, repeated removals and empty reasons with clear messages', async () => {
    t = await startTestServer();
    const { sharename, fileid } = await upload(t, Buffer.from('x'));
    await expect(
      removeFileForTerms(t.dataDir, { sharename, fileid: '7', reason: 'r' }),
    ).rejects.toThrow(`no file 7 in share ${sharename}`);
    await expect(
      removeFileForTerms(t.dataDir, { sharename, fileid, reason: '  ' }),
    ).rejects.toThrow('--reason must say why');
    await removeFileForTerms(t.dataDir, { sharename, fileid, reason: 'r' });
    await expect(removeFileForTerms(t.dataDir, { sharename, fileid, reason: 'r' })).rejects.toThrow(
      'already removed',
    );
  });
});

describe('blocklist', () => {
  it('removes an upload whose SHA-256 is listed before anyone can download it', async () => {
    const banned = randomBytes(300_000);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gett-blocklist-'));
    const list = path.join(dir, 'blocklist.txt');
    const digest = createHash('sha256').update(banned).digest('hex');
    await fs.writeFile(list, `# banned content\n${digest.toUpperCase()}\n\n`);
    t = await startTestServer(undefined, { blocklistFile: list });
    const server = t;
    const owner = await ownerSocket(server);
    const fine = await upload(server, randomBytes(1000));

    const share = await server.api<{ sharename: string }>('POST', '/1/shares/create', {});
    const file = await server.api<{ fileid: string; upload: { puturl: string } }>(
      'POST',
      `/1/files/${share.sharename}/create`,
      { filename: 'thing.bin' },
    );
    const filePath = `/1/files/${share.sharename}/${file.fileid}`;
    const up = openUpload(file.upload.puturl, banned.length);
    await up.write(banned.subarray(0, 100_000));
    while ((await server.api<{ readystate: string }>('GET', filePath)).readystate !== 'uploading');
    // A downloader tails the upload, and the file's state is watched throughout.
    const tailing = await fetch(`${server.server.url}${filePath}/blob`);
    expect(tailing.status).toBe(200);
    const tail = bodyReader(tailing);
    await tail.atLeast(1);
    const states: string[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        states.push((await server.api<{ readystate: string }>('GET', filePath)).readystate);
      }
    })();
    await up.write(banned.subarray(100_000));
    up.end();
    const response = await up.response;
    const right = await server.api<{ readystate: string }>('GET', filePath);
    watching = false;
    await watcher;

    expect(response.status).toBe(410);
    expect(JSON.parse(response.body)).toMatchObject({
      error: 'the file was removed (the content matches a file banned on this server)',
    });
    expect(right.readystate).toBe('removed');
    expect(states.length).toBeGreaterThan(0);
    expect(states.filter((s) => s !== 'uploading' && s !== 'removed')).toEqual([]);
    await expect(tail.all()).rejects.toThrow();
    expect(tail.total).toBeLessThan(banned.length);
    const blob = await fetch(`${server.server.url}${filePath}/blob`);
    expect(blob.status).toBe(410);

    const event = JSON.parse(await owner.log.next((f) => f.includes('violatedterms'))) as {
      fileid: string;
      sharename: string;
      reason: string;
    };
    expect(event).toMatchObject({ sharename: share.sharename, fileid: file.fileid });
    expect(event.reason).toBe('the content matches a file banned on this server');
    const ok = await server.api<{ readystate: string }>(
      'GET',
      `/1/files/${fine.sharename}/${fine.fileid}`,
    );
    expect(ok.readystate).toBe('uploaded');
    expect(await blobFiles(server)).toHaveLength(1);
    owner.ws.close();
    await fs.rm(dir, { recursive: true, force: true });
  });
  it('also catches listed content uploaded in pieces over tus', async () => {
    const banned = randomBytes(200_000);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gett-blocklist-'));
    const list = path.join(dir, 'blocklist.txt');
    await fs.writeFile(list, createHash('sha256').update(banned).digest('hex'));
    t = await startTestServer(undefined, { blocklistFile: list });
    const owner = await ownerSocket(t);
    const share = await t.api<{ sharename: string }>('POST', '/1/shares/create', {});
    const file = await t.api<{ fileid: string; upload: { tusurl: string } }>(
      'POST',
      `/1/files/${share.sharename}/create`,
      { filename: 'pieces.bin' },
    );
    const tus = { 'tus-resumable': '1.0.0' };
    const created = await fetch(file.upload.tusurl, {
      method: 'POST',
      headers: { ...tus, 'upload-length': String(banned.length) },
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    const statuses: number[] = [];
    for (const [from, to] of [
      [0, 80_000],
      [80_000, banned.length],
    ] as const) {
      const res = await fetch(location, {
        method: 'PATCH',
        headers: {
          ...tus,
          'upload-offset': String(from),
          'content-type': 'application/offset+octet-stream',
        },
        body: banned.subarray(from, to),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([204, 410]);
    const after = await t.api<{ readystate: string }>(
      'GET',
      `/1/files/${share.sharename}/${file.fileid}`,
    );
    expect(after.readystate).toBe('removed');
    expect(await blobFiles(t)).toHaveLength(0);
    const event = JSON.parse(await owner.log.next((f) => f.includes('violatedterms'))) as {
      fileid: string;
    };
    expect(event.fileid).toBe(file.fileid);
    owner.ws.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('rejects a malformed list with the line that is wrong', () => {
    expect(() => parseBlocklist('abc\n', 'list.txt')).toThrow(
      'list.txt line 1: expected a SHA-256 hex digest',
    );
    expect(parseBlocklist(`${'a'.repeat(64)} # comment\n`).has('a'.repeat(64))).toBe(true);
  });
});
