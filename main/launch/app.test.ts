import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView, ShareView } from '../../shared/model';
import { buildForTest } from '../testing/buildForTest';
import { tempDir } from '../testing/harness';
import { electronStub, loopbackUserData, startStubApp, until } from '../testing/stubApp';

// The built app (composition root and its Electron glue) with the stand-in for Electron and
// the real embedded server: files reach it from a terminal, a second instance and Finder.
let dir: Awaited<ReturnType<typeof tempDir>>;
let built: Awaited<ReturnType<typeof buildForTest>>;
let app: ReturnType<typeof startStubApp>;
let userData: string;

beforeAll(async () => {
  built = await buildForTest();
  dir = await tempDir('launch');
  userData = join(dir.path, 'userData');
  await loopbackUserData(userData);
  await writeFile(join(dir.path, 'first.txt'), 'given at start');
  app = startStubApp(built.main, userData, [join(dir.path, 'first.txt')]);
  await until(
    () => app.invoke<AccountView>('account:get'),
    (a) => a.value?.signedIn === true,
  );
}, 60_000);
afterAll(async () => {
  if (app) await app.quit();
  await dir?.remove();
  await built?.remove();
});

const shares = () => app.invoke<ShareView[]>('shares:list').then((r) => r.value ?? []);
const names = (s: ShareView) => s.files.map((f) => f.filename).join(',');

describe('sharing into the running app', () => {
  it('shares the files named on its own command line and registers gett://', async () => {
    const list = await until(shares, (v) => v.some((s) => names(s) === 'first.txt'));
    expect(list).toHaveLength(1);
    expect((await app.record()).protocol).toBe('gett');
  });

  it('`gett-desktop --print-links file1 dir2` as a second instance prints the links and exits', async () => {
    const cwd = join(dir.path, 'terminal');
    await mkdir(join(cwd, 'dir2'), { recursive: true });
    await writeFile(join(cwd, 'file1'), 'one');
    await writeFile(join(cwd, 'dir2', 'two.txt'), 'two');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', electronStub, built.main, '--print-links', 'file1', 'dir2'],
      {
        cwd,
        env: { ...process.env, GETT_STUB_USER_DATA: userData, GETT_STUB_SECOND_INSTANCE: '1' },
      },
    );
    const links = stdout.trim().split('\n');
    expect(links).toHaveLength(3);
    expect(links[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\w+$/);
    expect((await app.record()).clipboard).toContain(links[0]);
    await until(shares, (v) => v.some((s) => names(s) === 'file1,two.txt'));
  });

  it('a second instance without --print-links hands its argv over through second-instance', async () => {
    await writeFile(join(dir.path, 'second.txt'), 'from a second start');
    app.emit('second-instance', [process.execPath, built.main, 'second.txt'], dir.path);
    await until(shares, (v) => v.some((s) => names(s) === 'second.txt'));
  });

  it("second instances started one per file (Explorer's context menu) make one share", async () => {
    await writeFile(join(dir.path, 'p.txt'), 'p');
    await writeFile(join(dir.path, 'q.txt'), 'q');
    app.emit('second-instance', [process.execPath, built.main, '--', 'p.txt'], dir.path);
    app.emit('second-instance', [process.execPath, built.main, '--', 'q.txt'], dir.path);
    const list = await until(shares, (v) => v.some((s) => names(s).includes('p.txt')));
    expect(list.filter((s) => names(s).includes('p.txt')).map(names)).toEqual(['p.txt,q.txt']);
  });

  it('a gett:// link from macOS open-url or a second instance downloads into Downloads', async () => {
    const list = await until(shares, (v) =>
      v.some((s) => names(s) === 'first.txt' && s.files[0]!.readystate === 'uploaded'),
    );
    const file = list.find((s) => names(s) === 'first.txt')!.files[0]!;
    const link = file.getturl.replace(/^http:/, 'gett:');
    const downloads = join(userData, 'Downloads');
    app.emit('open-url', link);
    await until(
      () => readFile(join(downloads, 'first.txt'), 'utf8').catch(() => ''),
      (t) => t === 'given at start',
    );
    app.emit('second-instance', [process.execPath, built.main, link], dir.path);
    await until(
      () => readFile(join(downloads, 'first (1).txt'), 'utf8').catch(() => ''),
      (t) => t === 'given at start',
    );
  });

  it('`gett-desktop --screenshot=screen` from a second instance shares the screen as a PNG', async () => {
    const before = await app.record();
    app.emit('second-instance', [process.execPath, built.main, '--screenshot=screen'], dir.path);
    const list = await until(shares, (v) => v.some((s) => /^Screenshot .*\.png$/.test(names(s))));
    const shot = list.find((s) => /^Screenshot /.test(names(s)))!.files[0]!;
    const after = await until(app.record, (r) => r.clipboard !== before.clipboard);
    expect(after.clipboard).toBe(shot.getturl);
    const saved = await readFile(join(userData, 'screenshots', shot.filename));
    expect(saved.subarray(1, 4).toString()).toBe('PNG');
  });

  it('a burst of macOS open-file events becomes one share', async () => {
    await writeFile(join(dir.path, 'x.png'), 'x');
    await writeFile(join(dir.path, 'y.png'), 'y');
    app.emit('open-file', join(dir.path, 'x.png'));
    app.emit('open-file', join(dir.path, 'y.png'));
    const list = await until(shares, (v) => v.some((s) => names(s).includes('x.png')));
    expect(list.filter((s) => names(s).includes('x.png')).map(names)).toEqual(['x.png,y.png']);
  });
});
