/**
 * Helpers for main's integration tests: a real server on a temp data dir, real accounts,
 * and a recorder for the events a core pushes to the renderer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addApp, addUser } from '../../server/admin';
import { startServer, type RunningServer } from '../../server/index';
import type { Credentials } from '../../shared/gett';
import type { EventChannel, EventContract } from '../../shared/ipc';
import type { Core } from '../core';

export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `gett-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A real server on loopback; `port` 0 picks a free one. */
export function serve(dataDir: string, port = 0): Promise<RunningServer> {
  return startServer({ dataDir, port, host: '127.0.0.1' });
}

export type TestAccount = Credentials;

let accounts = 0;

/** Creates a user and an app key directly in the data dir (as `gett-server` admin does). */
export async function createAccount(
  dataDir: string,
  opts: { storageLimit?: number } = {},
): Promise<TestAccount> {
  const email = `user${++accounts}@example.test`;
  const password = `pw-${accounts}-long-enough`;
  await addUser(dataDir, { email, password, fullname: `User ${accounts}`, ...opts });
  const { apikey } = await addApp(dataDir, { name: `app${accounts}`, ownerEmail: email });
  return { email, password, apikey };
}

type Seen = { [K in EventChannel]: { channel: K; payload: EventContract[K] } }[EventChannel];

/** Records every event of a core and waits for the one a test expects. */
export function recordEvents(core: Core) {
  const seen: Seen[] = [];
  const waiters = new Set<() => void>();
  core.onEvent((channel, payload) => {
    seen.push({ channel, payload } as Seen);
    for (const w of [...waiters]) w();
  });
  const of = <K extends EventChannel>(channel: K): EventContract[K][] =>
    seen.filter((e) => e.channel === channel).map((e) => e.payload as EventContract[K]);
  return {
    seen,
    of,
    /** Resolves with the first event of `channel` (from `from` on) that matches. */
    waitFor<K extends EventChannel>(
      channel: K,
      match: (p: EventContract[K]) => boolean = () => true,
      from = 0,
    ): Promise<EventContract[K]> {
      return new Promise((resolve) => {
        const check = () => {
          const hit = seen
            .slice(from)
            .find((e) => e.channel === channel && match(e.payload as EventContract[K]));
          if (!hit) return false;
          waiters.delete(check);
          resolve(hit.payload as EventContract[K]);
          return true;
        };
        if (!check()) waiters.add(check);
      });
    },
  };
}
