import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import type { Region } from '../../shared/overlay';
import { createCore, type Core } from '../core';
import { forkWithNode } from '../server';
import { JsonFileStore } from '../settings/store';
import { createAccount, recordEvents, serve, tempDir } from '../testing/harness';
import { recordingShell } from '../testing/recordingShell';
import type { Capture, Shot } from './screenshots';

// The capture service in a real core signed in to a real server; only the platform's capture
// and the overlay window are stood in for: a 400×300 picture, and the region the "person" picks.
let dir: Awaited<ReturnType<typeof tempDir>>;
let server: RunningServer;
let core: Core;
let shell: ReturnType<typeof recordingShell>;
let events: ReturnType<typeof recordEvents>;
let userData: string;
let picks: (Region | null)[] = [];
const shown: Shot[] = [];
let failCapture = false;

const capture: Capture = {
  screen: async () => {
    if (failCapture) throw new Error('not permitted');
    const png = await sharp({
      create: { width: 400, height: 300, channels: 3, background: { r: 20, g: 40, b: 200 } },
    })
      .composite([
        {
          input: await sharp({
            create: { width: 100, height: 50, channels: 3, background: { r: 255, g: 0, b: 0 } },
          })
            .png()
            .toBuffer(),
          left: 50,
          top: 60,
        },
      ])
      .png()
      .toBuffer();
    return { png, width: 400, height: 300 };
  },
  pickRegion: (shot) => {
    shown.push(shot);
    return Promise.resolve(picks.shift() ?? null);
  },
};

beforeAll(async () => {
  dir = await tempDir('shots');
  server = await serve(join(dir.path, 'server'));
  const account = await createAccount(join(dir.path, 'server'));
  userData = join(dir.path, 'app');
  shell = recordingShell();
  core = await createCore({
    ...shell,
    userDataDir: userData,
    settingsStore: new JsonFileStore(join(userData, 'settings.json')),
    embeddedHost: forkWithNode,
    lanAddress: () => '127.0.0.1',
    settings: { server: { mode: 'remote', url: server.url } },
    capture,
  });
  events = recordEvents(core);
  await core.ready;
  await core.handlers['account:signInRemote']({ url: server.url, ...account });
});
afterAll(async () => {
  await core?.close();
  await server?.close();
  await dir?.remove();
});

describe('sharing a screenshot', () => {
  it('a region becomes a PNG of that region in the app data, shared with its link copied', async () => {
    picks = [{ x: 50, y: 60, width: 100, height: 50 }];
    const result = await core.screenshot('region');
    expect(result).not.toBeNull();
    expect(shell.clipboardWrites.at(-1)).toBe(result!.links[0]);
    expect(result!.links[0]).toMatch(new RegExp(`^${server.url}/\\w+/v/\\w+$`));
    expect(shown).toHaveLength(1);

    const files = await readdir(join(userData, 'screenshots'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^Screenshot \d{4}-\d\d-\d\d \d\d-\d\d-\d\d\.png$/);
    const saved = join(userData, 'screenshots', files[0]!);
    const meta = await sharp(saved).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 100, 50]);
    // Every pixel of the region is the red rectangle.
    const stats = await sharp(saved).stats();
    expect(stats.channels.slice(0, 3).map((c) => Math.round(c.mean))).toEqual([255, 0, 0]);

    // Uploaded like any drop: the server has the same bytes.
    const shares = await events.waitFor('shares:changed', (v) =>
      v.some((s) => s.sharename === result!.sharename && s.files[0]?.readystate === 'uploaded'),
    );
    const file = shares.find((s) => s.sharename === result!.sharename)!.files[0]!;
    const res = await fetch(`${server.url}/1/files/${file.sharename}/${file.fileid}/blob`);
    expect(Buffer.from(await res.arrayBuffer()).equals(await readFile(saved))).toBe(true);
  });

  it('the whole screen is shared at its full size, without the overlay', async () => {
    const before = shown.length;
    const result = await core.screenshot('screen');
    expect(shown).toHaveLength(before);
    const files = await readdir(join(userData, 'screenshots'));
    expect(files).toHaveLength(2);
    const sizes = await Promise.all(
      files.map((f) => sharp(join(userData, 'screenshots', f)).metadata()),
    );
    expect(sizes.map((m) => `${m.width}x${m.height}`).sort()).toEqual(['100x50', '400x300']);
    expect(shell.clipboardWrites.at(-1)).toBe(result!.links[0]);
  });

  it('Esc in the overlay shares nothing and saves nothing', async () => {
    picks = [null];
    const writes = shell.clipboardWrites.length;
    expect(await core.screenshot('region')).toBeNull();
    expect(shell.clipboardWrites).toHaveLength(writes);
    expect(await readdir(join(userData, 'screenshots'))).toHaveLength(2);
  });

  it('a region past the picture edge is cut at the edge', async () => {
    picks = [{ x: 350, y: 250, width: 500, height: 500 }];
    await core.screenshot('region');
    const files = (await readdir(join(userData, 'screenshots'))).sort();
    const metas = await Promise.all(
      files.map((f) => sharp(join(userData, 'screenshots', f)).metadata()),
    );
    expect(metas.map((m) => `${m.width}x${m.height}`)).toContain('50x50');
  });

  it('a capture the OS refuses says how to allow it', async () => {
    failCapture = true;
    await expect(core.screenshot('screen')).rejects.toThrow(/Screen Recording/);
    failCapture = false;
  });
});
