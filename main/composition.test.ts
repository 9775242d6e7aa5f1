import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeChannels } from '../shared/ipc';
import type { AccountView, DropResult } from '../shared/model';
import { buildForTest } from './testing/buildForTest';
import { tempDir } from './testing/harness';
import { loopbackUserData, startStubApp, until, type StubRecord } from './testing/stubApp';
import { mainWindowOptions } from './windows/windowOptions';

// The built composition root, run in Node with a recording stand-in for Electron
// (testing/electronStub.cjs) and the real embedded server in a child process.
interface CompositionRecord extends StubRecord {
  windows: { options: ReturnType<typeof mainWindowOptions>; sent: string[] }[];
  shortcuts: string[];
  sandbox?: boolean;
  cspInstalled?: boolean;
}

let dir: Awaited<ReturnType<typeof tempDir>>;
let app: ReturnType<typeof startStubApp>;
let built: Awaited<ReturnType<typeof buildForTest>>;

const record = () => app.record<CompositionRecord>();
const invoke = <T>(channel: string, payload?: unknown, senderUrl?: string) =>
  app.invoke<T>(channel, payload, senderUrl);

beforeAll(async () => {
  built = await buildForTest();
  dir = await tempDir('composition');
  const userData = join(dir.path, 'userData');
  // Links on loopback: tests reach nothing beyond this machine.
  await loopbackUserData(userData);
  app = startStubApp(built.main, userData);
}, 60_000);
afterAll(async () => {
  if (app.process.exitCode === null) app.process.kill();
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
    expect(await app.quit()).toBe(0);
    await expect(fetch(`${account.serverUrl}/1/shares/x`)).rejects.toThrow();
  });
});
