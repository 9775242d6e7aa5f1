import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import unzipper from 'unzipper';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GettFile, GettShare } from '../../shared/gett.js';
import { liveServer } from '../live/index.js';
import { recipientPages } from '../pages/index.js';
import { openJsonSocket } from '../live/test-helpers.js';
import { bodyReader, openUpload, startTestServer, type TestServer } from '../live/test-server.js';
import { EntryNames, safeEntryName } from '../routes/zipNames.js';

const run = promisify(execFile);
let t: TestServer;
let tmp: string;

beforeEach(async () => {
  t = await startTestServer([liveServer({ uploadWaitMs: 3000 }), recipientPages()]);
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'gett-zip-'));
});
afterEach(async () => {
  await t.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

const zipUrl = (sharename: string, query = ''): string =>
  `${t.server.url}/1/shares/${sharename}/zip${query}`;

async function newShare(body: Record<string, unknown> = {}): Promise<string> {
  return (await t.api<GettShare>('POST', '/1/shares/create', body)).sharename;
}

async function newFile(sharename: string, filename: string, session?: string): Promise<GettFile> {
  return t.api<GettFile>('POST', `/1/files/${sharename}/create`, {
    filename,
    ...(session === undefined ? {} : { session }),
  });
}

async function uploadFile(sharename: string, filename: string, content: Buffer) {
  const file = await newFile(sharename, filename);
  const up = openUpload(file.upload!.puturl, content.length);
  await up.write(content);
  up.end();
  expect((await up.response).status).toBe(200);
  return file;
}

/** The zip checked by Info-ZIP's `unzip -t`, then its entries (name, method, bytes). */
async function unpack(zip: Buffer) {
  const file = path.join(tmp, `got-${Math.random().toString(36).slice(2)}.zip`);
  await fs.writeFile(file, zip);
  const { stdout } = await run('unzip', ['-t', file]);
  expect(stdout).toContain('No errors detected');
  const dir = await unzipper.Open.buffer(zip);
  return Promise.all(
    dir.files.map(async (f) => ({
      name: f.path,
      method: f.compressionMethod,
      bytes: await f.buffer(),
    })),
  );
}

const downloadsOf = async (sharename: string): Promise<number[]> =>
  (await t.api<GettShare>('GET', `/1/shares/${sharename}`)).files
    .sort((a, b) => Number(a.fileid) - Number(b.fileid))
    .map((f) => f.downloads);

describe('entry names', () => {
  it('are one safe path part each, and unique whatever the case', () => {
    expect(safeEntryName('../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(safeEntryName('C:\\x\\y.txt')).toBe('C__x_y.txt');
    expect(safeEntryName('what? "yes" <no>|*.txt')).toBe('what_ _yes_ _no___.txt');
    expect(safeEntryName('trailing dots...')).toBe('trailing dots');
    expect(safeEntryName('..')).toBe('file');
    expect(safeEntryName('  ')).toBe('file');
    expect(safeEntryName('CON.txt')).toBe('_CON.txt');
    expect(safeEntryName('tab\there')).toBe('tab_here');
    const long = safeEntryName(`${'é'.repeat(300)}.jpeg`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(240);
    expect(long.endsWith('é.jpeg')).toBe(true);
    const names = new EntryNames();
    expect(['a.txt', 'A.txt', 'a (2).txt', 'a.txt', 'b', 'b'].map((n) => names.next(n))).toEqual([
      'a.txt',
      'A (2).txt',
      'a (2) (2).txt',
      'a (3).txt',
      'b',
      'b (2)',
    ]);
  });
});

describe('GET /1/shares/<sharename>/zip', () => {
  it('streams every file stored, in drop order, with safe unique names, and counts each once', async () => {
    const sharename = await newShare({ title: 'Trip: day 1/2' });
    const a = randomBytes(300_000);
    const b = randomBytes(1000);
    const c = Buffer.alloc(0);
    await uploadFile(sharename, 'photo.jpg', a);
    await uploadFile(sharename, '../photo.jpg', b);
    await uploadFile(sharename, 'PHOTO.jpg', c);
    const res = await fetch(zipUrl(sharename));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="Trip_ day 1_2.zip"');
    const entries = await unpack(Buffer.from(await res.arrayBuffer()));
    expect(entries.map((e) => [e.name, e.method])).toEqual([
      ['photo.jpg', 0],
      ['.._photo.jpg', 0],
      ['PHOTO (2).jpg', 0],
    ]);
    expect(entries[0]!.bytes.equals(a)).toBe(true);
    expect(entries[1]!.bytes.equals(b)).toBe(true);
    expect(entries[2]!.bytes.length).toBe(0);
    expect(await downloadsOf(sharename)).toEqual([1, 1, 1]);
  });

  it('starts at once and follows a file still uploading to its end', async () => {
    const sharename = await newShare();
    const first = randomBytes(100_000);
    await uploadFile(sharename, 'first.bin', first);
    const growing = await newFile(sharename, 'growing.bin');
    const rest = randomBytes(2 * 1024 * 1024);
    const up = openUpload(growing.upload!.puturl, rest.length);
    await up.write(rest.subarray(0, 1024 * 1024));

    const res = await fetch(zipUrl(sharename));
    expect(res.status).toBe(200);
    const body = bodyReader(res);
    // The finished file and half the growing one arrive while the upload still runs.
    await body.atLeast(first.length + 1024 * 1024);
    expect((await t.api<GettFile>('GET', `/1/files/${sharename}/1`)).readystate).toBe('uploading');
    await up.write(rest.subarray(1024 * 1024));
    up.end();
    expect((await up.response).status).toBe(200);
    const entries = await unpack(await body.all());
    expect(entries.map((e) => e.name)).toEqual(['first.bin', 'growing.bin']);
    expect(entries[1]!.bytes.equals(rest)).toBe(true);
  });

  it('asks the live uploader for a remote file when the zip reaches it, then streams it', async () => {
    const uploader = await openJsonSocket(t.server.port, { answerPings: true });
    uploader.send(JSON.stringify({ type: 'connect', accesstoken: t.accesstoken, session: 's1' }));
    const sharename = await newShare();
    while (!(await t.api<GettShare>('GET', `/1/shares/${sharename}`)).live);
    const one = randomBytes(5000);
    const two = randomBytes(70_000);
    await uploadFile(sharename, 'one.txt', one);
    const later = await newFile(sharename, 'two.txt', 's1');

    const res = await fetch(zipUrl(sharename));
    // Each file tells the owner as the zip reaches it; the remote one is asked for then.
    const nextDownload = async (): Promise<unknown> =>
      JSON.parse(await uploader.log.next((f) => f.includes('"download"')));
    expect(await nextDownload()).toMatchObject({ type: 'download', fileid: '0', increment: true });
    expect(await nextDownload()).toMatchObject({ type: 'download', sharename, fileid: '1' });
    const up = openUpload(later.upload!.puturl, two.length);
    await up.write(two);
    up.end();
    const entries = await unpack(Buffer.from(await res.arrayBuffer()));
    expect(entries.map((e) => e.name)).toEqual(['one.txt', 'two.txt']);
    expect(entries[1]!.bytes.equals(two)).toBe(true);
    expect(await downloadsOf(sharename)).toEqual([1, 1]);
    uploader.socket.destroy();
  });

  it('leaves out files it cannot get, and says which in a note', async () => {
    const sharename = await newShare();
    const one = randomBytes(100);
    await uploadFile(sharename, 'here.txt', one);
    await newFile(sharename, 'offline.txt', 'nobody');
    const entries = await unpack(Buffer.from(await (await fetch(zipUrl(sharename))).arrayBuffer()));
    expect(entries.map((e) => e.name)).toEqual(['here.txt', 'Not included.txt']);
    const note = entries[1]!.bytes.toString();
    expect(note).toContain(
      'offline.txt: the file has not been uploaded yet and its uploader is not online',
    );
    expect(note).toContain(`${t.server.publicUrl}/${sharename}`);
  });

  it('fails the download when a file it follows stops uploading', async () => {
    const sharename = await newShare();
    const file = await newFile(sharename, 'cut.bin');
    const up = openUpload(file.upload!.puturl, 1_000_000);
    await up.write(randomBytes(200_000));
    while ((await t.api<GettFile>('GET', `/1/files/${sharename}/0`)).readystate !== 'uploading');
    const res = await fetch(zipUrl(sharename));
    const body = bodyReader(res);
    await body.atLeast(100_000);
    up.kill();
    await expect(body.all()).rejects.toThrow();
  });

  it('counts like /blob: HEAD and noinc are free, a limit is used up, the owner never uses it', async () => {
    const sharename = await newShare({ maxdownloads: 1 });
    await uploadFile(sharename, 'a.txt', Buffer.from('aaa'));
    await uploadFile(sharename, 'b.txt', Buffer.from('bbb'));
    const head = await fetch(zipUrl(sharename), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/zip');
    await (await fetch(zipUrl(sharename, '?noinc'))).arrayBuffer();
    expect(await downloadsOf(sharename)).toEqual([0, 0]);
    const owner = await fetch(zipUrl(sharename, `?accesstoken=${t.accesstoken}`));
    expect((await unpack(Buffer.from(await owner.arrayBuffer()))).length).toBe(2);
    expect(await downloadsOf(sharename)).toEqual([0, 0]);

    await (await fetch(zipUrl(sharename))).arrayBuffer();
    expect(await downloadsOf(sharename)).toEqual([1, 1]);
    const past = await fetch(zipUrl(sharename));
    expect(past.status).toBe(410);
    expect(((await past.json()) as { code: string }).code).toBe('downloadLimitReached');
  });

  it('answers 404 for an unknown share and 410 for a removed one', async () => {
    expect((await fetch(zipUrl('NoSuchShare'))).status).toBe(404);
    const sharename = await newShare();
    await t.api('POST', `/1/shares/${sharename}/destroy`);
    expect((await fetch(zipUrl(sharename))).status).toBe(410);
  });
});
