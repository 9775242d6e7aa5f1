import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import type { DropResult } from '../../shared/model';
import { remoteCore, type CoreUnderTest } from '../testing/coreFixture';
import { createAccount, serve, tempDir } from '../testing/harness';
import { safeFileName } from './linkOpener';

// A real core signed in to a real server shares files; gett:// links to them are opened by
// the core, which downloads them into its Downloads folder over real HTTP.
let dir: Awaited<ReturnType<typeof tempDir>>;
let server: RunningServer;
let c: CoreUnderTest;
let downloads: string;

const gett = (link: string) => link.replace(/^http:/, 'gett:');

async function shareAndWait(files: Record<string, string>): Promise<DropResult> {
  const paths: string[] = [];
  for (const [name, body] of Object.entries(files)) {
    const p = join(dir.path, 'src', name);
    await writeFile(p, body);
    paths.push(p);
  }
  const result = await c.core.handlers['shares:drop']({ paths });
  await c.events.waitFor('shares:changed', (v) =>
    v.some(
      (s) =>
        s.sharename === result.sharename &&
        s.files.length === paths.length &&
        s.files.every((f) => f.readystate === 'uploaded'),
    ),
  );
  return result;
}

beforeAll(async () => {
  dir = await tempDir('links');
  server = await serve(join(dir.path, 'server'));
  const account = await createAccount(join(dir.path, 'server'));
  c = await remoteCore(join(dir.path, 'app'), server.url, account);
  downloads = join(dir.path, 'app', 'Downloads');
  await import('node:fs/promises').then((fs) => fs.mkdir(join(dir.path, 'src')));
});
afterAll(async () => {
  await c?.core.close();
  await server?.close();
  await dir?.remove();
});

describe('opening gett:// links', () => {
  it('a file link downloads that file into Downloads, with progress up to finished', async () => {
    const shared = await shareAndWait({ 'report.txt': 'the quarterly report' });
    const from = c.events.seen.length;
    const opened = await c.core.openLink(gett(shared.links[0]!));
    expect(opened).toEqual({ kind: 'downloaded', paths: [join(downloads, 'report.txt')] });
    expect(await readFile(join(downloads, 'report.txt'), 'utf8')).toBe('the quarterly report');
    const seen = c.events.of('downloads:changed').slice(0);
    const last = seen.at(-1)!.find((d) => d.filename === 'report.txt')!;
    expect(last).toMatchObject({ phase: 'finished', bytes: 20, total: 20 });
    expect(c.events.seen.slice(from).some((e) => e.channel === 'downloads:changed')).toBe(true);
    expect(await c.core.handlers['downloads:list'](undefined)).toContainEqual(last);
    // The download counts as one, like any recipient's.
    const fileid = shared.links[0]!.split('/v/')[1]!;
    const res = await fetch(`${server.url}/1/files/${shared.sharename}/${fileid}`);
    expect(((await res.json()) as { downloads: number }).downloads).toBe(1);
  });

  it('a share link downloads every file into a folder; opening it again never overwrites', async () => {
    const shared = await shareAndWait({ 'a.txt': 'A', 'b.txt': 'BB' });
    const first = await c.core.openLink(gett(shared.links[0]!));
    const again = await c.core.openLink(gett(shared.links[0]!));
    if (first.kind !== 'downloaded' || again.kind !== 'downloaded')
      throw new Error('not downloaded');
    // A share without a title is saved in a folder named after the share.
    const folder = join(downloads, shared.sharename);
    expect(first.paths.sort()).toEqual([join(folder, 'a.txt'), join(folder, 'b.txt')]);
    expect(again.paths.sort()).toEqual([
      join(`${folder} (1)`, 'a.txt'),
      join(`${folder} (1)`, 'b.txt'),
    ]);
    expect(
      await readFile(
        first.paths.find((p) => p.endsWith('b.txt'))!,
        'utf8',
      ),
    ).toBe('BB');
    expect(c.shell.notifications.at(-1)).toMatchObject({ title: 'Downloaded 2 files' });
  });

  it('a second download of the same file gets "name (1)" beside the first', async () => {
    const shared = await shareAndWait({ 'same.txt': 'v1' });
    await c.core.openLink(gett(shared.links[0]!));
    const second = await c.core.openLink(gett(shared.links[0]!));
    expect(second).toEqual({ kind: 'downloaded', paths: [join(downloads, 'same (1).txt')] });
    expect((await readdir(downloads)).filter((n) => n.endsWith('.part'))).toEqual([]);
  });

  it('an unknown share, a removed server and a malformed link each say what happened', async () => {
    const host = new URL(server.url).host;
    await expect(c.core.openLink(`gett://${host}/doesnotexist`)).rejects.toThrow(
      /share doesnotexist is not on 127\.0\.0\.1:\d+ any more.*Ask the sender/,
    );
    await expect(c.core.openLink('gett://127.0.0.1:1/abc')).rejects.toThrow(
      /Cannot reach 127\.0\.0\.1:1 .*Check your network/,
    );
    await expect(c.core.openLink('gett://example.org/s1/../etc')).rejects.toThrow(
      /gett:\/\/host\/share/,
    );
  });

  it('a link with an encrypted share key opens the share page in the browser instead', async () => {
    const shared = await shareAndWait({ 'secret.txt': 'x' });
    const link = `${gett(shared.links[0]!)}#key`;
    expect(await c.core.openLink(link)).toEqual({
      kind: 'shown',
      url: `${shared.links[0]}#key`,
    });
    expect(c.shell.opened.at(-1)).toBe(`${shared.links[0]}#key`);
  });

  it('file names from a server are made safe for the disk', () => {
    expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFileName('CON.txt')).toBe('_CON.txt');
    expect(safeFileName('a:b*c?.txt')).toBe('a_b_c_.txt');
    expect(safeFileName('...')).toBe('download');
  });
});
