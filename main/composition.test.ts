import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeChannels } from '../shared/ipc';
import type { AccountView, DropResult } from '../shared/model';
import { buildForTest } from './testing/buildForTest';
import { tempDir } from './testing/harness';
import { mainWindowOptions } from './windows/windowOptions';

// The built composition root, run in Node with a recording stand-in for Electron
// (testing/electronStub.cjs) and the real embedded server in a child process.
interface StubRecord {
  windows: { options: ReturnType<typeof mainWindowOptions>; sent: string[] }[];
  trayMenus: string[][];
  handlers: string[];
  shortcuts: string[];
  sandbox?: boolean;
  cspInstalled?: boolean;
  clipboard?: string;
  loadedUrl?: string;
}

let dir: Awaited<ReturnType<typeof tempDir>>;
let app: ChildProcess;
let built: Awaited<ReturnType<typeof buildForTest>>;
let nextId = 0;
const root = resolve(import.meta.dirname, '..');

function ask<T>(message: object, reply: string, match: (m: never) => boolean = () => true) {
  return new Promise<T>((done) => {
    const on = (m: { type: string }) => {
      if (m.type !== reply || !match(m as never)) return;
      app.off('message', on);
      done(m as T);
    };
    app.on('message', on);
    app.send(message);
  });
}
const record = () =>
  ask<{ record: StubRecord }>({ type: 'record' }, 'record').then((m) => m.record);
function invoke<T>(channel: string, payload?: unknown, senderUrl?: string) {
  const id = ++nextId;
  return ask<{ value?: T; error?: string; code?: string }>(
    { type: 'invoke', id, channel, payload, senderUrl },
    'result',
    (m: { id: number }) => m.id === id,
  );
}
async function until<T>(probe: () => Promise<T>, ok: (t: T) => boolean): Promise<T> {
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  built = await buildForTest();
  dir = await tempDir('composition');
  const userData = join(dir.path, 'userData');
  await mkdir(userData, { recursive: true });
  // Links on loopback: tests reach nothing beyond this machine.
  await writeFile(
    join(userData, 'settings.json'),
    JSON.stringify({ settings: { server: { address: '127.0.0.1' } } }),
  );
  app = fork(built.main, [], {
    execArgv: ['-r', join(root, 'main/testing/electronStub.cjs')],
    env: { ...process.env, GETT_STUB_USER_DATA: userData },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}, 60_000);
afterAll(async () => {
  if (app.exitCode === null) app.kill();
  await dir.remove();
  await built.remove();
});

describe('the app composition root', () => {
  it('wires a hardened window, every IPC command, the tray and the shortcut', async () => {
    const r = await until(record, (x) => x.handlers.length > 0 && x.windows.length > 0);
    expect(r.sandbox).toBe(true);
    expect([...r.handlers].sort()).toEqual([...invokeChannels].sort());
    const web = r.windows[0]!.options.webPreferences!;
    const { preload: _preload, ...expected } = mainWindowOptions({
      preloadPath: '',
      dark: false,
    }).webPreferences!;
    expect(web).toMatchObject(expected);
    expect(web.preload).toBe(join(built.main, '../../preload/index.cjs'));
    expect(r.loadedUrl).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
    expect(r.cspInstalled).toBe(true);
    expect(r.trayMenus.at(-1)).toContain('Share files…');
    expect(r.shortcuts).toEqual(['CommandOrControl+Shift+U', 'CommandOrControl+Alt+S']);
    expect(r.trayMenus.at(-1)).toContain('Share a screenshot');
  });

  it('signs in to the embedded server and shares a dropped file through IPC', async () => {
    const account = await until(
      () => invoke<AccountView>('account:get'),
      (a) => a.value?.signedIn === true,
    );
    expect(account.value).toMatchObject({
      mode: 'embedded',
      error: { code: 'secureStorageUnavailable' },
    });

    const foreign = await invoke('account:get', undefined, 'https://evil.test/');
    expect(foreign.error).toMatch(/did not come from the app window/);
    expect(foreign.code).toBe('forbidden');

    const path = join(dir.path, 'hello.txt');
    await writeFile(path, 'hello');
    const drop = await invoke<DropResult>('shares:drop', { paths: [path] });
    expect(drop.error).toBeUndefined();
    expect(drop.value!.links[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\w+\/v\/0$/);
    // The tray names the link by the file it points at.
    const r = await until(record, (x) =>
      x.trayMenus.at(-1)!.includes(`Recent links > hello.txt — ${drop.value!.links[0]}`),
    );
    expect(r.clipboard).toBe(drop.value!.links[0]);
    // Events reach the window's renderer.
    expect(r.windows[0]!.sent).toEqual(
      expect.arrayContaining(['account:changed', 'shares:changed', 'live:status']),
    );
  });

  it('quits cleanly when asked, stopping the embedded server', async () => {
    const account = (await invoke<AccountView>('account:get')).value!;
    const exited = new Promise<number | null>((r) => app.once('exit', r));
    app.send({ type: 'quit' });
    expect(await exited).toBe(0);
    await expect(fetch(`${account.serverUrl}/1/shares/x`)).rejects.toThrow();
  });
});
