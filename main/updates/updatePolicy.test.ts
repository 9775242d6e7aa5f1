import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import type { ShareView } from '../../shared/model';
import { createCore } from '../core';
import { forkWithNode } from '../server';
import { JsonFileStore } from '../settings/store';
import { randomFile } from '../testing/coreFixture';
import { createAccount, recordEvents, serve, tempDir, type TestAccount } from '../testing/harness';
import { recordingShell } from '../testing/recordingShell';
import type { Updater } from './updatePolicy';

/** Stands in for electron-updater: counts checks, announces what the test says, records installs. */
class StandInUpdater extends EventEmitter implements Updater {
  checks = 0;
  installs = 0;
  checkForUpdates() {
    this.checks += 1;
    return Promise.resolve(null);
  }
  quitAndInstall() {
    this.installs += 1;
  }
  release(version: string) {
    this.emit('update-available', { version });
    this.emit('update-downloaded', { version });
  }
}

let dir: Awaited<ReturnType<typeof tempDir>>;
let server: RunningServer;
let account: TestAccount;

beforeAll(async () => {
  dir = await tempDir('updates');
  server = await serve(join(dir.path, 'server'));
  account = await createAccount(join(dir.path, 'server'));
});
afterAll(async () => {
  await server?.close();
  await dir?.remove();
});

/** A core signed in to the real server, its uploads capped so one runs for a few seconds. */
async function startApp(userData: string, updater: Updater, updateIntervalMs?: number) {
  const shell = recordingShell();
  const core = await createCore({
    ...shell,
    userDataDir: userData,
    settingsStore: new JsonFileStore(join(userData, 'settings.json')),
    embeddedHost: forkWithNode,
    lanAddress: () => '127.0.0.1',
    settings: { server: { mode: 'remote', url: server.url }, uploadSpeedLimit: 50_000 },
    updater,
    ...(updateIntervalMs ? { updateIntervalMs } : {}),
  });
  const events = recordEvents(core);
  await core.ready;
  if (!(await core.handlers['account:get'](undefined)).signedIn) {
    await core.handlers['account:signInRemote']({ url: server.url, ...account });
  }
  return { core, shell, events };
}

const phases = (v: readonly ShareView[]) =>
  v.flatMap((s) => s.files.map((f) => f.upload?.phase ?? 'done'));

describe('updating the app', () => {
  it('checks at start and then at every interval', async () => {
    const updater = new StandInUpdater();
    const app = await startApp(join(dir.path, 'checks'), updater, 50);
    expect(updater.checks).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(updater.checks).toBeGreaterThanOrEqual(3);
    await app.core.close();
  });

  it('an update ready while an upload runs restarts only once the queue has drained', async () => {
    const updater = new StandInUpdater();
    const app = await startApp(join(dir.path, 'drain'), updater);
    await expect(app.core.handlers['update:restart'](undefined)).rejects.toThrow(
      /no update to install/,
    );
    const file = await randomFile(dir.path, 'big.bin', 150_000); // ~3 s at 50 kB/s
    const from = app.events.seen.length;
    await app.core.handlers['shares:drop']({ paths: [file.path] });
    await app.events.waitFor('shares:changed', (v) => phases(v).includes('uploading'), from);

    updater.release('9.9.9');
    expect(await app.core.handlers['update:get'](undefined)).toEqual({
      state: 'ready',
      version: '9.9.9',
    });
    expect(app.events.of('update:changed').at(-1)).toEqual({ state: 'ready', version: '9.9.9' });

    // Restart to update while the upload is sending: it waits, and says so.
    expect(await app.core.handlers['update:restart'](undefined)).toEqual({
      state: 'waiting',
      version: '9.9.9',
    });
    expect(updater.installs).toBe(0);
    const toast = await app.events.waitFor('toast:show', (t) =>
      /as soon as the uploads/.test(t.message),
    );
    expect(toast.kind).toBe('info');

    // The upload finishes untouched, then the app restarts into the update.
    await app.events.waitFor(
      'shares:changed',
      (v) => v.length > 0 && phases(v).every((p) => p === 'done'),
    );
    await expect.poll(() => updater.installs).toBe(1);
    await app.core.close();
  });

  it('paused uploads do not hold the restart back, and come back after it', async () => {
    const updater = new StandInUpdater();
    const userData = join(dir.path, 'paused');
    const app = await startApp(userData, updater);
    const file = await randomFile(dir.path, 'later.bin', 150_000);
    const dropped = await app.core.handlers['shares:drop']({ paths: [file.path] });
    await app.events.waitFor('shares:changed', (v) => phases(v).includes('uploading'));
    await app.core.handlers['uploads:pauseAll'](undefined);
    await app.events.waitFor('shares:changed', (v) => phases(v).includes('paused'));

    updater.release('9.9.10');
    expect((await app.core.handlers['update:restart'](undefined)).state).toBe('ready');
    expect(updater.installs).toBe(1);
    // quitAndInstall quits the app: the core closes as on any quit.
    await app.core.close();

    // After the restart the paused upload is still there and finishes when resumed.
    const again = await startApp(userData, new StandInUpdater());
    const list = await again.events.waitFor('shares:changed', (v) => phases(v).includes('paused'));
    expect(list.some((s) => s.sharename === dropped.sharename)).toBe(true);
    await again.core.handlers['uploads:resumeAll'](undefined);
    await again.events.waitFor('shares:changed', (v) =>
      v.some((s) => s.sharename === dropped.sharename && phases([s]).every((p) => p === 'done')),
    );
    await again.core.close();
  }, 30_000);
});
