import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import type { ConnectionStatus } from '../../shared/model';
import { ApiClient, putBlob, type PutBlobOptions } from '../api';
import { Notifications } from '../notifications/notifications';
import { download, fileState, randomFile, sha256 } from '../testing/coreFixture';
import { createAccount, serve, tempDir } from '../testing/harness';
import { recordingShell } from '../testing/recordingShell';
import { ServerSession } from './serverSession';

let dir: Awaited<ReturnType<typeof tempDir>>;
let server: RunningServer;

beforeAll(async () => {
  dir = await tempDir('bump');
  server = await serve(join(dir.path, 'server'));
});
afterAll(async () => {
  await server.close();
  await dir.remove();
});

describe('a live download of a queued file', () => {
  it('starts that upload at once, ahead of the queue and beyond the concurrency limit', async () => {
    const account = await createAccount(join(dir.path, 'server'));
    const api = new ApiClient({ baseUrl: server.url });
    await api.login(account);
    const shell = recordingShell();

    // The first file's upload is held open, so the one upload slot stays busy.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let firstStarted!: () => void;
    const firstRunning = new Promise<void>((r) => (firstStarted = r));
    const started: string[] = [];
    const put = async (o: PutBlobOptions) => {
      started.push(o.path);
      if (o.path.endsWith('first.bin')) {
        firstStarted();
        await gate;
      }
      return putBlob(o);
    };
    const statuses: ConnectionStatus[] = [];
    const session = new ServerSession({
      api,
      serverUrl: server.url,
      dir: join(dir.path, 'app'),
      liveSession: 'bump-session',
      clipboard: shell.clipboard,
      notifications: new Notifications({
        notifier: shell.notifier,
        enabled: () => true,
        toast: () => {},
      }),
      concurrency: () => 1,
      emit: (channel, payload) => {
        if (channel === 'live:status') statuses.push(payload as ConnectionStatus);
      },
      accountChanged: () => {},
      authFailed: () => {},
      put,
    });
    await session.start();
    try {
      const files = await Promise.all(
        ['first.bin', 'second.bin', 'third.bin'].map((n) => randomFile(dir.path, n, 100_000)),
      );
      const result = await session.queue.drop(files.map((f) => f.path));
      await firstRunning;
      expect(started.map((p) => p.split('/').pop())).toEqual(['first.bin']);

      // Someone opens the third link: the server asks us for it over the live socket.
      const share = await api.share(result.sharename);
      const third = share.files.find((f) => f.filename === 'third.bin')!;
      const second = share.files.find((f) => f.filename === 'second.bin')!;
      while (!(await api.share(result.sharename)).live) await new Promise((r) => setTimeout(r, 20));
      const bytes = await download(server.url, third.sharename, third.fileid);

      expect(sha256(bytes)).toBe(files[2]!.sha256);
      expect(started.map((p) => p.split('/').pop())).toEqual(['first.bin', 'third.bin']);
      expect((await fileState(server.url, second.sharename, second.fileid)).readystate).toBe(
        'remote',
      );
      expect(shell.notifications).toContainEqual({
        title: 'Someone is downloading',
        body: 'third.bin',
      });
      expect(statuses).toContain('online');
    } finally {
      release();
      await session.close();
    }
  });
});
