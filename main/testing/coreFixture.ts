/** Starts a real core (plain Node shell) signed in to a real server, for integration tests. */
import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SettingsPatch } from '../../shared/ipc';
import { createCore, type Core } from '../core';
import { forkWithNode } from '../server';
import { JsonFileStore } from '../settings/store';
import type { Shell } from '../shell';
import { recordEvents, type TestAccount } from './harness';
import { recordingShell, type RecordingShell } from './recordingShell';

export interface CoreUnderTest {
  core: Core;
  shell: RecordingShell;
  events: ReturnType<typeof recordEvents>;
}

/** A core on `userDataDir` whose settings live in a JSON file there (so restarts keep them). */
export async function startCore(
  userDataDir: string,
  opts: { settings?: SettingsPatch; shell?: Partial<Shell>; embeddedEntry?: string } = {},
): Promise<CoreUnderTest> {
  const shell = { ...recordingShell(), ...opts.shell };
  const core = await createCore({
    ...shell,
    userDataDir,
    settingsStore: new JsonFileStore(join(userDataDir, 'settings.json')),
    embeddedHost: forkWithNode,
    lanAddress: () => '127.0.0.1',
    liveBackoff: { minMs: 50, maxMs: 400 },
    settings: opts.settings ?? {},
    ...(opts.embeddedEntry ? { embeddedEntry: opts.embeddedEntry } : {}),
  });
  const events = recordEvents(core);
  await core.ready;
  return { core, shell, events };
}

/** A core signed in to the remote server at `url` through the real sign-in command. */
export async function remoteCore(
  userDataDir: string,
  url: string,
  account: TestAccount,
  opts: { settings?: SettingsPatch; shell?: Partial<Shell> } = {},
): Promise<CoreUnderTest> {
  const started = await startCore(userDataDir, {
    ...opts,
    settings: { ...opts.settings, server: { mode: 'remote', url, ...opts.settings?.server } },
  });
  const view = await started.core.handlers['account:signInRemote']({ url, ...account });
  if (!view.signedIn) throw new Error(`sign-in failed: ${JSON.stringify(view.error)}`);
  return started;
}

/** Writes `size` random bytes to `dir/name`; returns the path and the SHA-256. */
export async function randomFile(dir: string, name: string, size: number) {
  const path = join(dir, name);
  const data = randomBytes(size);
  await writeFile(path, data);
  return { path, sha256: sha256(data) };
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Downloads a file's bytes through the public blob endpoint, as a recipient would. */
export async function download(serverUrl: string, sharename: string, fileid: string) {
  const res = await fetch(`${serverUrl}/1/files/${sharename}/${fileid}/blob`);
  if (res.status !== 200) throw new Error(`download answered ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The server's view of one file, as anyone sees it. */
export async function fileState(serverUrl: string, sharename: string, fileid: string) {
  const res = await fetch(`${serverUrl}/1/files/${sharename}/${fileid}`);
  return (await res.json()) as { readystate: string; size?: number; getturl: string };
}
