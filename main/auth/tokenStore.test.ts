import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordingShell } from '../testing/recordingShell';
import { TokenStore } from './tokenStore';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gett-tokens-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('token store', () => {
  it('keeps the refresh token encrypted, readable by the user only', async () => {
    const store = new TokenStore({ secureStorage: recordingShell().secureStorage, dir });
    expect(await store.save('embedded', 'r.app.user.secret.sig')).toEqual({ stored: true });
    const [file] = await readdir(dir);
    const raw = await readFile(join(dir, file!));
    expect(raw.toString('latin1')).not.toContain('r.app.user.secret.sig');
    if (process.platform !== 'win32')
      expect((await stat(join(dir, file!))).mode & 0o777).toBe(0o600);
    expect(await store.load('embedded')).toBe('r.app.user.secret.sig');
    await store.clear('embedded');
    expect(await store.load('embedded')).toBeNull();
  });

  it('stores nothing when encryption is unavailable, and says why', async () => {
    const store = new TokenStore({
      secureStorage: recordingShell({ encryption: false }).secureStorage,
      dir,
    });
    expect(await store.save('embedded', 'r.x')).toEqual({
      stored: false,
      reason: 'secureStorageUnavailable',
    });
    expect(await readdir(dir)).toEqual([]);
    expect(await store.load('embedded')).toBeNull();
  });

  it('forgets a token it cannot decrypt instead of failing', async () => {
    const store = new TokenStore({ secureStorage: recordingShell().secureStorage, dir });
    await store.save('remote-x', 'r.y');
    const [file] = await readdir(dir);
    await writeFile(join(dir, file!), 'garbage that is not ours');
    expect(await store.load('remote-x')).toBeNull();
    expect(await readdir(dir)).toEqual([]);
  });
});
