/**
 * The built composition root (main/index.ts) running in Node with testing/electronStub.cjs
 * standing in for Electron, driven over the fork channel: invoke IPC commands, read what the
 * app asked of Electron, deliver app events (second-instance, open-file, open-url).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
export const electronStub = join(root, 'main/testing/electronStub.cjs');

export interface StubRecord {
  trayMenus: string[][];
  handlers: string[];
  clipboard?: string;
  loadedUrl?: string;
  protocol?: string;
}

/** Writes settings that keep links on loopback, so tests reach nothing beyond this machine. */
export async function loopbackUserData(userData: string): Promise<void> {
  await mkdir(userData, { recursive: true });
  await writeFile(
    join(userData, 'settings.json'),
    JSON.stringify({ settings: { server: { address: '127.0.0.1' } } }),
  );
}

export function startStubApp(main: string, userData: string, args: string[] = []) {
  const app: ChildProcess = fork(main, args, {
    execArgv: ['-r', electronStub],
    env: { ...process.env, GETT_STUB_USER_DATA: userData },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 0;
  const ask = <T>(message: object, reply: string, match: (m: never) => boolean = () => true) =>
    new Promise<T>((done) => {
      const on = (m: { type: string }) => {
        if (m.type !== reply || !match(m as never)) return;
        app.off('message', on);
        done(m as T);
      };
      app.on('message', on);
      app.send(message);
    });
  return {
    process: app,
    /** What the app asked of Electron so far (`R`: the fields a test reads). */
    record: <R extends StubRecord = StubRecord>() =>
      ask<{ record: R }>({ type: 'record' }, 'record').then((m) => m.record),
    /** Invokes an IPC command, from the app's own window unless `senderUrl` says otherwise. */
    invoke<T>(channel: string, payload?: unknown, senderUrl?: string) {
      const id = ++nextId;
      return ask<{ value?: T; error?: string; code?: string }>(
        { type: 'invoke', id, channel, payload, senderUrl },
        'result',
        (m: { id: number }) => m.id === id,
      );
    },
    emit: (event: string, ...args: unknown[]) => app.send({ type: 'emit', event, args }),
    quit: () => {
      const exited = new Promise<number | null>((r) => app.once('exit', r));
      if (app.exitCode === null) app.send({ type: 'quit' });
      return exited;
    },
  };
}

/** Polls `probe` until `ok` holds (the app answers over IPC; there is no event to wait on). */
export async function until<T>(probe: () => Promise<T>, ok: (t: T) => boolean): Promise<T> {
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}
