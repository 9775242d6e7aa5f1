import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../server/index';
import { createAccount, serve, tempDir, type TestAccount } from '../testing/harness';
import { ApiClient } from './apiClient';
import { ApiError } from './errors';

let dir: Awaited<ReturnType<typeof tempDir>>;
let server: RunningServer;
let account: TestAccount;

beforeAll(async () => {
  dir = await tempDir('api');
  server = await serve(dir.path);
  account = await createAccount(dir.path);
});
afterAll(async () => {
  await server.close();
  await dir.remove();
});

describe('API client against the real server', () => {
  it('signs in, keeps the refresh token and calls the API', async () => {
    const saved: string[] = [];
    const api = new ApiClient({ baseUrl: server.url, onRefreshToken: (t) => void saved.push(t) });
    const login = await api.login(account);
    expect(login.user.email).toBe(account.email);
    expect(saved).toEqual([login.refreshtoken]);
    const share = await api.createShare('Holiday');
    const file = await api.createFile(share.sharename, 'a.txt');
    expect(file).toMatchObject({ readystate: 'remote', filename: 'a.txt' });
    expect(file.upload?.puturl).toMatch(/^http/);
    const listed = await api.shares();
    expect(listed.map((s) => s.sharename)).toContain(share.sharename);
  });

  it("creates a drop's files in one request, and one by one on a server without the batch", async () => {
    const paths: string[] = [];
    const pathOf = (input: Parameters<typeof fetch>[0]) =>
      new URL(input instanceof Request ? input.url : String(input)).pathname;
    const counting: typeof fetch = (input, init) => {
      paths.push(pathOf(input));
      return fetch(input, init);
    };
    const api = new ApiClient({ baseUrl: server.url, fetch: counting });
    await api.login(account);
    const share = await api.createShare();
    paths.length = 0;
    const files = await api.createFiles(share.sharename, ['a', 'b', 'c']);
    expect(files.map((f) => [f.fileid, f.filename])).toEqual([
      ['0', 'a'],
      ['1', 'b'],
      ['2', 'c'],
    ]);
    expect(paths).toEqual([`/1/files/${share.sharename}/createmany`]);

    // A server that predates the extension answers its path with 404.
    const older: typeof fetch = (input, init) => {
      const path = pathOf(input);
      paths.push(path);
      return path.endsWith('/createmany')
        ? Promise.resolve(new Response('{"error":"not found"}', { status: 404 }))
        : fetch(input, init);
    };
    const old = new ApiClient({ baseUrl: server.url, fetch: older });
    await old.login(account);
    const second = await old.createShare();
    paths.length = 0;
    const made = await old.createFiles(second.sharename, ['a', 'b', 'c']);
    expect(made.map((f) => f.filename)).toEqual(['a', 'b', 'c']);
    expect(paths.filter((p) => p.endsWith('/createmany'))).toHaveLength(1);
    expect(paths.filter((p) => p.endsWith('/create'))).toHaveLength(3);
    paths.length = 0;
    await old.createFiles(second.sharename, ['d']);
    expect(paths).toEqual([`/1/files/${second.sharename}/create`]);

    // A share that does not exist is still an error, with the batch still in use after it.
    await expect(api.createFiles('nosuchshare', ['a'])).rejects.toMatchObject({ kind: 'notFound' });
    paths.length = 0;
    await api.createFiles(share.sharename, ['e']);
    expect(paths).toEqual([`/1/files/${share.sharename}/createmany`]);
  });

  it('re-logs in with the refresh token once the access token runs out', async () => {
    let now = Date.now();
    const saved: string[] = [];
    const api = new ApiClient({
      baseUrl: server.url,
      now: () => now,
      onRefreshToken: (t) => void saved.push(t),
    });
    const first = await api.login(account);
    now += (first.expires + 60) * 1000; // past expiry on the client's clock
    expect((await api.me()).email).toBe(account.email);
    expect(saved).toHaveLength(2); // a second login happened, with the refresh token

    // A new client can start from the stored refresh token alone.
    const later = new ApiClient({ baseUrl: server.url });
    await later.loginWithRefreshToken(saved[1]!);
    expect((await later.me()).email).toBe(account.email);
  });

  it('re-logs in and retries when the server refuses an access token it says has expired', async () => {
    const frozen = Date.now();
    const saved: string[] = [];
    // The client's clock stands still, so it believes its token is fresh…
    const api = new ApiClient({
      baseUrl: server.url,
      now: () => frozen,
      onRefreshToken: (t) => void saved.push(t),
    });
    await api.login(account);
    // …while the server, in this process, lives two days later and refuses it.
    vi.useFakeTimers({ toFake: ['Date'], now: frozen + 2 * 86_400_000 });
    try {
      expect((await api.me()).email).toBe(account.email);
      expect(saved).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('re-logs in once when a server without error codes refuses a call with a bare 403', async () => {
    const saved: string[] = [];
    let refuse = 1;
    // An older server: a stale token is a 403 with only an English `error`.
    const older: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.pathname === '/1/users/me' && refuse-- > 0) {
        return Promise.resolve(new Response('{"error":"access denied"}', { status: 403 }));
      }
      return fetch(input, init);
    };
    const api = new ApiClient({
      baseUrl: server.url,
      fetch: older,
      onRefreshToken: (t) => void saved.push(t),
    });
    await api.login(account);
    expect((await api.me()).email).toBe(account.email);
    expect(saved).toHaveLength(2);
    // A 403 with a code is final: someone else's share is not a stale token.
    const other = await createAccount(dir.path);
    const theirs = new ApiClient({ baseUrl: server.url });
    await theirs.login(other);
    const share = await theirs.createShare();
    const err = await api.destroyShare(share.sharename).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'forbidden', wireCode: 'notYourShare' });
    expect(saved).toHaveLength(2);
  });

  it('says "wrong credentials" for a bad password and "signed out" for a dead refresh token', async () => {
    const api = new ApiClient({ baseUrl: server.url });
    const bad = await api
      .login({ ...account, password: 'nope-nope-nope' })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ApiError);
    expect((bad as ApiError).view()).toMatchObject({
      code: 'wrongCredentials',
      message: 'Wrong email, password or API key.',
    });
    const dead = await api.loginWithRefreshToken('r.x.y.z.0000').catch((e: unknown) => e);
    expect((dead as ApiError).code).toBe('signedOut');
  });

  it('says "not found" for an unknown share', async () => {
    const api = new ApiClient({ baseUrl: server.url });
    const err = await api.share('nosuchshare').catch((e: unknown) => e);
    expect((err as ApiError).view().message).toBe('That share or file no longer exists.');
  });

  it('says the server cannot be reached when nothing listens', async () => {
    const gone = await tempDir('api-gone');
    const other = await serve(gone.path);
    await other.close();
    const api = new ApiClient({ baseUrl: other.url });
    const err = await api.login(account).catch((e: unknown) => e);
    expect((err as ApiError).view()).toMatchObject({
      code: 'serverUnreachable',
      message: 'The server cannot be reached.',
    });
    await gone.remove();
  });
});
