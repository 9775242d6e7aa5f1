import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeChannels } from '../../shared/ipc';
import { createCore, type Core } from '../core';
import { forkWithNode } from '../server';
import { MemoryStore } from '../settings/store';
import { recordingShell } from '../testing/recordingShell';
import { dispatch, trustedSender } from './handle';

const appUrl = 'file:///opt/gett/dist/renderer/index.html';
const trusted = trustedSender(appUrl);
let dir: string;
let core: Core;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gett-contract-'));
  // The embedded server is switched off: this test is about the handlers, not a server.
  core = await createCore({
    ...recordingShell(),
    userDataDir: dir,
    settingsStore: new MemoryStore(),
    embeddedHost: forkWithNode,
    settings: { server: { embeddedEnabled: false } },
  });
  await core.ready;
});
afterAll(async () => {
  await core.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the IPC contract in the real core', () => {
  it('has exactly one handler per command', () => {
    expect(Object.keys(core.handlers).sort()).toEqual([...invokeChannels].sort());
    for (const channel of invokeChannels) expect(typeof core.handlers[channel]).toBe('function');
  });

  it.each(invokeChannels)('%s refuses a bad payload and a foreign sender', async (channel) => {
    expect(
      await dispatch(core.handlers, trusted, channel, { url: appUrl, isTopFrame: true }, 42),
    ).toEqual({
      ok: false,
      error: {
        code: 'invalid-payload',
        message: expect.stringContaining(`Invalid request for ${channel}`) as string,
      },
    });
    expect(
      await dispatch(
        core.handlers,
        trusted,
        channel,
        { url: 'https://evil.test/', isTopFrame: true },
        undefined,
      ),
    ).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        message: expect.stringMatching(/did not come from the app window/) as string,
      },
    });
  });

  it('answers valid commands, and says "signed out" where a server is needed', async () => {
    const ok = { url: appUrl, isTopFrame: true };
    const account = await dispatch(core.handlers, trusted, 'account:get', ok, undefined);
    expect(account).toMatchObject({ ok: true, value: { signedIn: false, mode: 'embedded' } });
    expect(
      await dispatch(core.handlers, trusted, 'shares:drop', ok, { paths: ['/tmp/x'] }),
    ).toEqual({
      ok: false,
      error: {
        code: 'signedOut',
        message: expect.stringMatching(
          /You are signed out\. Sign in again in Settings\./,
        ) as string,
      },
    });
    const settings = await dispatch(core.handlers, trusted, 'settings:set', ok, {
      uploadConcurrency: 3,
    });
    expect(settings).toMatchObject({ ok: true, value: { uploadConcurrency: 3 } });
  });
});

describe('recent links', () => {
  it('are kept across a restart, newest first', async () => {
    const store = new MemoryStore();
    const options = {
      ...recordingShell(),
      userDataDir: dir,
      settingsStore: store,
      embeddedHost: forkWithNode,
      settings: { server: { embeddedEnabled: false } },
    };
    const first = await createCore(options);
    let told = 0;
    first.onRecentLinks(() => (told += 1));
    await first.handlers['links:copy']({ text: 'http://h/a' });
    await first.handlers['links:copy']({ text: 'http://h/b\nhttp://h/b/v/0' });
    expect(told).toBe(2);
    await first.close();
    const second = await createCore(options);
    expect(second.recentLinks()).toEqual(['http://h/b', 'http://h/b/v/0', 'http://h/a']);
    await second.close();
  });
});

describe('problems found outside a command', () => {
  it('show in the window and as an OS notification', async () => {
    const shell = recordingShell();
    const c = await createCore({
      ...shell,
      userDataDir: dir,
      settingsStore: new MemoryStore(),
      embeddedHost: forkWithNode,
      settings: { server: { embeddedEnabled: false } },
    });
    const toasts: unknown[] = [];
    c.onEvent((channel, payload) => channel === 'toast:show' && toasts.push(payload));
    c.reportProblem('The shortcut F13 cannot be used.', 'Choose another one in Settings.');
    expect(toasts).toEqual([
      expect.objectContaining({
        kind: 'error',
        message: 'The shortcut F13 cannot be used.',
        action: 'Choose another one in Settings.',
      }),
    ]);
    expect(shell.notifications).toEqual([
      { title: 'The shortcut F13 cannot be used.', body: 'Choose another one in Settings.' },
    ]);
    await c.close();
  });
});
