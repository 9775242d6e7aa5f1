import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import type { LiveEvent } from '../../shared/live';
import type { ConnectionStatus } from '../../shared/model';
import { startServer } from '../../server/index';
import { liveServer } from '../../server/live/index';
import { ApiClient, putBlob } from '../api';
import { createAccount, serve, tempDir, type TestAccount } from '../testing/harness';
import { LiveClient } from './liveClient';

let dir: Awaited<ReturnType<typeof tempDir>>;
let server: RunningServer;
let account: TestAccount;

beforeAll(async () => {
  dir = await tempDir('live');
  server = await serve(dir.path);
  account = await createAccount(dir.path);
});
afterAll(async () => {
  await server.close();
  await dir.remove();
});

function recorder() {
  const statuses: ConnectionStatus[] = [];
  const events: LiveEvent[] = [];
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  const until = (ok: () => boolean) =>
    new Promise<void>((resolve) => {
      const w = () => {
        if (!ok()) return;
        waiters.delete(w);
        resolve();
      };
      waiters.add(w);
      w();
    });
  let pings = 0;
  return {
    statuses,
    events,
    pings: () => pings,
    listeners: {
      pinged: () => {
        pings += 1;
        notify();
      },
      status: (s: ConnectionStatus) => {
        statuses.push(s);
        notify();
      },
      event: (e: LiveEvent) => {
        events.push(e);
        notify();
      },
    },
    until,
  };
}

/** Waits until the server lists the share as live (our `connect` was accepted). */
async function shareIsLive(url: string, sharename: string): Promise<void> {
  for (;;) {
    const share = (await (await fetch(`${url}/1/shares/${sharename}`)).json()) as {
      live?: boolean;
    };
    if (share.live) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('live client against the real server', () => {
  it('connects with its session and hears a download of a file still waiting for its bytes', async () => {
    const api = new ApiClient({ baseUrl: server.url });
    await api.login(account);
    const rec = recorder();
    const live = new LiveClient(
      { serverUrl: server.url, session: 'session-one', accessToken: () => api.accessToken() },
      rec.listeners,
    );
    live.start();
    await rec.until(() => rec.statuses.includes('online'));
    expect(rec.statuses).toEqual(['connecting', 'online']);

    const share = await api.createShare();
    const file = await api.createFile(share.sharename, 'later.txt', 'session-one');
    await shareIsLive(server.url, share.sharename);
    const pending = fetch(`${server.url}/1/files/${share.sharename}/${file.fileid}/blob`);
    await rec.until(() => rec.events.length > 0);
    expect(rec.events[0]).toMatchObject({
      type: 'download',
      sharename: share.sharename,
      fileid: file.fileid,
      filename: 'later.txt',
    });
    // Answering the request with the bytes lets the waiting downloader finish.
    const path = join(dir.path, 'later.txt');
    await writeFile(path, 'hello');
    const urls = await api.uploadUrls(share.sharename, file.fileid);
    await putBlob({ url: urls.puturl, path, size: 5, signal: new AbortController().signal });
    expect(await (await pending).text()).toBe('hello');
    live.stop();
    expect(rec.statuses.at(-1)).toBe('offline');
  });

  it("answers the server's pings, so a server that drops silent clients keeps it", async () => {
    const dataDir = join(dir.path, 'pings');
    const pinging = await startServer({
      dataDir,
      host: '127.0.0.1',
      extensions: [liveServer({ pingIntervalMs: 25 })],
    });
    const who = await createAccount(dataDir);
    const api = new ApiClient({ baseUrl: pinging.url });
    await api.login(who);
    const rec = recorder();
    const live = new LiveClient(
      { serverUrl: pinging.url, session: 'p', accessToken: () => api.accessToken() },
      rec.listeners,
    );
    live.start();
    // One unanswered ping drops a connection, so a third ping on it proves the pongs arrive.
    await rec.until(() => rec.pings() >= 3);
    expect(rec.statuses).toEqual(['connecting', 'online']);
    live.stop();
    await pinging.close();
  });

  it('stops after the server refuses its token twice, without a reconnect loop', async () => {
    const rec = recorder();
    let asked = 0;
    let failed = false;
    const live = new LiveClient(
      {
        serverUrl: server.url,
        session: 's',
        accessToken: () => {
          asked += 1;
          return Promise.resolve('a.not.a.valid.token');
        },
        backoff: { minMs: 10, maxMs: 20 },
      },
      { ...rec.listeners, authFailed: () => (failed = true) },
    );
    live.start();
    await rec.until(() => rec.statuses.at(-1) === 'offline');
    expect(failed).toBe(true);
    expect(asked).toBe(2); // the first token, and one fresh one
    expect(live.current).toBe('closed');
  });
});
