import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import { remoteCore, type CoreUnderTest } from '../testing/coreFixture';
import { createAccount, serve, tempDir } from '../testing/harness';
import { parseLaunchArgs } from './launchArgs';
import { LaunchRouter } from './launchRouter';
import { linkSocketPath, requestLinks, serveLinkRequests } from './linkSocket';

// A real core signed in to a real server, reached the ways a running app is reached from
// outside: a second instance's arguments over the link socket, and macOS open-file events.
let dir: Awaited<ReturnType<typeof tempDir>>;
let server: RunningServer;
let c: CoreUnderTest;
let router: LaunchRouter;
let shown = 0;
const reported: string[] = [];
let socket: { close(): Promise<void> };
let socketPath: string;

beforeAll(async () => {
  dir = await tempDir('entry');
  server = await serve(join(dir.path, 'server'));
  const account = await createAccount(join(dir.path, 'server'));
  c = await remoteCore(join(dir.path, 'app'), server.url, account);
  router = new LaunchRouter({
    share: (paths) => c.core.handlers['shares:drop']({ paths }),
    openLink: async (url) => {
      const opened = await c.core.openLink(url);
      return { links: opened.kind === 'downloaded' ? opened.paths : [opened.url] };
    },
    screenshot: () => Promise.resolve(null),
    showWindow: () => void shown++,
    report: (err) => void reported.push(String(err)),
    burstMs: 50,
  });
  socketPath = linkSocketPath(join(dir.path, 'app'));
  socket = await serveLinkRequests(socketPath, (req) =>
    router.handle(parseLaunchArgs(req.args, req.cwd)),
  );
});
afterAll(async () => {
  await socket?.close();
  await c?.core.close();
  await server.close();
  await dir.remove();
});

describe('sharing from outside the window', () => {
  it('a second `gett-desktop --print-links file1 dir2` gets the links of its share back', async () => {
    const cwd = join(dir.path, 'terminal');
    await mkdir(join(cwd, 'dir2'), { recursive: true });
    await writeFile(join(cwd, 'file1'), 'one');
    await writeFile(join(cwd, 'dir2', 'inner.txt'), 'two');
    const shownBefore = shown;

    const answer = await requestLinks(socketPath, {
      args: ['--print-links', 'file1', 'dir2'],
      cwd,
    });

    expect(answer.errors).toEqual([]);
    // Several files: the share link first, then one per file.
    expect(answer.links).toHaveLength(3);
    expect(answer.links[0]).toMatch(new RegExp(`^${server.url}/\\w+$`));
    expect(c.shell.clipboardWrites.at(-1)).toContain(answer.links[0]);
    expect(shown).toBe(shownBefore + 1);
    const shares = await c.events.waitFor('shares:changed', (v) =>
      v.some((s) => s.files.length === 2),
    );
    const names = shares.find((s) => s.files.length === 2)!.files.map((f) => f.filename);
    expect(names.sort()).toEqual(['file1', 'inner.txt']);
  });

  it('a file that is not there comes back as an error the terminal prints', async () => {
    const answer = await requestLinks(socketPath, {
      args: ['--print-links', 'missing.txt'],
      cwd: dir.path,
    });
    expect(answer.links).toEqual([]);
    expect(answer.errors[0]).toMatch(/missing\.txt/);
  });

  it('open-file events of one Finder selection become one share', async () => {
    const a = join(dir.path, 'a.txt');
    const b = join(dir.path, 'b.txt');
    await writeFile(a, 'a');
    await writeFile(b, 'b');
    const before = c.events.seen.length;
    router.openFile(a);
    router.openFile(b);
    const shares = await c.events.waitFor(
      'shares:changed',
      (v) => v.some((s) => s.files.map((f) => f.filename).join() === 'a.txt,b.txt'),
      before,
    );
    expect(shares.filter((s) => s.files.some((f) => f.filename === 'a.txt'))).toHaveLength(1);
  });

  it('`gett-desktop --print-links gett://…` downloads the share and prints where it went', async () => {
    await writeFile(join(dir.path, 'linked.txt'), 'through a gett link');
    const shared = await c.core.handlers['shares:drop']({ paths: [join(dir.path, 'linked.txt')] });
    await c.events.waitFor('shares:changed', (v) =>
      v.some((s) => s.sharename === shared.sharename && s.files[0]?.readystate === 'uploaded'),
    );
    const link = shared.links[0]!.replace(/^http:/, 'gett:');
    const answer = await requestLinks(socketPath, { args: ['--print-links', link], cwd: '/' });
    expect(answer).toEqual({
      links: [join(dir.path, 'app', 'Downloads', 'linked.txt')],
      errors: [],
    });
    expect(await readFile(answer.links[0]!, 'utf8')).toBe('through a gett link');

    const bad = await requestLinks(socketPath, { args: ['gett://nowhere'], cwd: '/' });
    expect(bad.links).toEqual([]);
    expect(bad.errors[0]).toMatch(/names no share\. A Gett link looks like gett:\/\/host\/share/);
    expect(reported.at(-1)).toMatch(/names no share/);
  });

  it('a second instance finds no socket when no app runs, and says so', async () => {
    await expect(
      requestLinks(join(dir.path, 'nobody.sock'), { args: [], cwd: '/' }, { connectMs: 200 }),
    ).rejects.toThrow(/Cannot reach the running Gett Desktop/);
  });
});
