import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsService, defaultSettings } from './settings';
import { JsonFileStore } from './store';

let dir: string;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('settings', () => {
  it('starts from defaults, saves patches and reloads them', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gett-settings-'));
    const file = join(dir, 'settings.json');
    const first = new SettingsService(new JsonFileStore(file));
    expect(first.get()).toEqual(defaultSettings);
    const seen: number[] = [];
    first.onChange((s) => seen.push(s.uploadConcurrency));
    first.set({ uploadConcurrency: 4, server: { port: 8040 } });
    expect(seen).toEqual([4]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toHaveProperty('settings.server.port', 8040);

    const again = new SettingsService(new JsonFileStore(file));
    expect(again.get().uploadConcurrency).toBe(4);
    expect(again.get().server).toEqual({ ...defaultSettings.server, port: 8040 });
  });

  it('rejects a bad patch and keeps the old settings', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gett-settings-'));
    const s = new SettingsService(new JsonFileStore(join(dir, 's.json')));
    expect(() => s.set({ uploadConcurrency: 0 })).toThrow();
    expect(s.get().uploadConcurrency).toBe(defaultSettings.uploadConcurrency);
  });

  it('lets overrides win over the saved file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gett-settings-'));
    const file = join(dir, 's.json');
    new SettingsService(new JsonFileStore(file)).set({ uploadConcurrency: 5 });
    const s = new SettingsService(new JsonFileStore(file), { uploadConcurrency: 1 });
    expect(s.get().uploadConcurrency).toBe(1);
  });

  it('saves the defaults for new links and refuses ones the server would not take', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gett-settings-'));
    const file = join(dir, 's.json');
    const s = new SettingsService(new JsonFileStore(file));
    expect(s.get()).toMatchObject({
      defaultExpiry: 0,
      defaultMaxDownloads: 0,
      askPasswordOnDrop: false,
    });
    s.set({ defaultExpiry: 3 * 86_400, defaultMaxDownloads: 5, askPasswordOnDrop: true });
    for (const bad of [
      { defaultExpiry: -1 },
      { defaultExpiry: 1.5 },
      { defaultExpiry: 400 * 86_400 },
      { defaultMaxDownloads: -1 },
      { defaultMaxDownloads: 1_000_001 },
      { askPasswordOnDrop: 'yes' },
    ]) {
      expect(() => s.set(bad as never), JSON.stringify(bad)).toThrow();
    }
    const again = new SettingsService(new JsonFileStore(file));
    expect(again.get()).toMatchObject({
      defaultExpiry: 3 * 86_400,
      defaultMaxDownloads: 5,
      askPasswordOnDrop: true,
    });
  });
});
