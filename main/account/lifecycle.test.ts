import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../shared/model';
import { ApiError } from '../api/errors';
import type { SignedIn } from './signIn';
import {
  AccountLifecycle,
  accountView,
  embeddedRestartNeeded,
  type AccountStateName,
  type LifecycleSession,
} from './lifecycle';

// The lifecycle's transitions need no server: accounts are names, sessions record calls.

interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  reject(e: unknown): void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

class FakeSession implements LifecycleSession {
  started = deferred<void>();
  constructor(
    readonly account: string,
    readonly authFailed: () => void,
    private readonly log: string[],
    private readonly startWith: () => Promise<void>,
  ) {}
  async start(): Promise<void> {
    this.log.push(`start ${this.account}`);
    await this.startWith();
  }
  close(opts: { dropUploads?: boolean } = {}): Promise<void> {
    this.log.push(`close ${this.account}${opts.dropUploads ? ' dropping uploads' : ''}`);
    return Promise.resolve();
  }
}

function setup(startWith: () => Promise<void> = () => Promise.resolve()) {
  const log: string[] = [];
  const sessions: FakeSession[] = [];
  const lifecycle = new AccountLifecycle<string, FakeSession>({
    openSession: (account, authFailed) => {
      const s = new FakeSession(account, authFailed, log, startWith);
      sessions.push(s);
      return s;
    },
    sessionEnded: () => log.push('shares cleared'),
    stopServer: () => {
      log.push('server stopped');
      return Promise.resolve();
    },
    changed: () => log.push(`changed: ${lifecycle.state.name}`),
    failed: (e) => log.push(`failed: ${e.code}`),
  });
  const signIn = (name: string | null) => (left: string | null) => {
    log.push(`sign in ${name ?? 'nobody'} (left ${left ?? 'nobody'})`);
    return Promise.resolve(name);
  };
  const name = (): AccountStateName => lifecycle.state.name;
  return { log, sessions, lifecycle, signIn, name };
}

describe('the account lifecycle', () => {
  it('goes signed out → signing in → signed in, and starts the session once signed in', async () => {
    const { lifecycle, log, name } = setup();
    expect(name()).toBe('signedOut');
    const gate = deferred<string>();
    const switched = lifecycle.switchTo(() => gate.promise);
    await Promise.resolve();
    expect(name()).toBe('signingIn');
    expect(lifecycle.session).toBeNull();
    gate.resolve('ann');
    const state = await switched;
    expect(state).toMatchObject({ name: 'signedIn', account: 'ann' });
    expect(lifecycle.session?.account).toBe('ann');
    expect(log).toEqual(['server stopped', 'start ann', 'changed: signedIn']);
  });

  it('ends the session it leaves before signing in, and tells who was left', async () => {
    const { lifecycle, log, signIn } = setup();
    await lifecycle.switchTo(signIn('ann'));
    log.length = 0;
    await lifecycle.switchTo(signIn(null), { dropUploads: true });
    expect(lifecycle.state).toEqual({ name: 'signedOut' });
    expect(log).toEqual([
      'close ann dropping uploads',
      'shares cleared',
      'server stopped',
      'sign in nobody (left ann)',
      'changed: signedOut',
    ]);
  });

  it('is signed out with the reason when a sign-in fails, and says so once', async () => {
    const { lifecycle, log } = setup();
    const state = await lifecycle.switchTo(() =>
      Promise.reject(new ApiError('credentials', 'wrong password')),
    );
    expect(state).toMatchObject({ name: 'signedOut', error: { code: 'wrongCredentials' } });
    expect(lifecycle.session).toBeNull();
    expect(log).toEqual(['server stopped', 'failed: wrongCredentials', 'changed: signedOut']);
  });

  it('clears the last failure when the next switch starts', async () => {
    const { lifecycle, signIn } = setup();
    await lifecycle.switchTo(() => Promise.reject(new ApiError('unreachable', 'refused')));
    expect(lifecycle.state).toMatchObject({ error: { code: 'serverUnreachable' } });
    expect(await lifecycle.switchTo(signIn(null))).toEqual({ name: 'signedOut' });
  });

  it('runs switches one at a time, in the order asked', async () => {
    const gate = deferred<void>();
    let first = true;
    const { lifecycle, log, signIn } = setup(() => {
      if (!first) return Promise.resolve();
      first = false;
      return gate.promise;
    });
    const a = lifecycle.switchTo(signIn('ann'));
    const b = lifecycle.switchTo(signIn('bob'));
    await new Promise((r) => setTimeout(r, 5));
    // Ann's session is still starting: Bob's switch has not begun.
    expect(log).toEqual(['server stopped', 'sign in ann (left nobody)', 'start ann']);
    gate.resolve();
    await Promise.all([a, b]);
    expect(lifecycle.state).toMatchObject({ name: 'signedIn', account: 'bob' });
    expect(log.slice(3)).toEqual([
      'changed: signedIn',
      'close ann',
      'shares cleared',
      'server stopped',
      'sign in bob (left ann)',
      'start bob',
      'changed: signedIn',
    ]);
  });

  it('a session that cannot start rejects its switch; the next switch still runs', async () => {
    let fail = true;
    const { lifecycle, signIn } = setup(() =>
      fail ? Promise.reject(new Error('queue folder unreadable')) : Promise.resolve(),
    );
    await expect(lifecycle.switchTo(signIn('ann'))).rejects.toThrow('queue folder unreadable');
    fail = false;
    expect(await lifecycle.switchTo(signIn('bob'))).toMatchObject({ account: 'bob' });
  });

  it('keeps a session whose token the server refused, and marks the account', async () => {
    const { lifecycle, log, sessions, signIn } = setup();
    await lifecycle.switchTo(signIn('ann'));
    await lifecycle.switchTo(signIn('bob'));
    log.length = 0;
    sessions[0]!.authFailed(); // Ann's session is gone: nothing changes
    expect(log).toEqual([]);
    sessions[1]!.authFailed();
    expect(lifecycle.state).toMatchObject({
      name: 'signedIn',
      account: 'bob',
      error: { code: 'signedOut' },
    });
    expect(log).toEqual(['changed: signedIn']);
  });

  it('closing ends the session and refuses every switch after', async () => {
    const { lifecycle, log, signIn, name } = setup();
    await lifecycle.switchTo(signIn('ann'));
    log.length = 0;
    await lifecycle.close();
    expect(name()).toBe('closing');
    expect(log).toEqual(['close ann', 'shares cleared', 'server stopped']);
    log.length = 0;
    expect(await lifecycle.switchTo(signIn('bob'))).toEqual({ name: 'closing' });
    expect(log).toEqual([]);
    expect(lifecycle.session).toBeNull();
  });

  it('closing while signing in lets the sign-in finish but starts no session', async () => {
    const { lifecycle, log, sessions, name } = setup();
    const gate = deferred<string>();
    const asked = deferred<void>();
    const switched = lifecycle.switchTo(() => {
      asked.resolve();
      return gate.promise;
    });
    await asked.promise;
    const closed = lifecycle.close();
    expect(name()).toBe('closing');
    gate.resolve('ann');
    await Promise.all([switched, closed]);
    expect(sessions).toEqual([]);
    expect(name()).toBe('closing');
    // The embedded server the sign-in started is stopped again.
    expect(log).toEqual(['server stopped', 'server stopped', 'server stopped']);
  });

  it('closing while a queued switch waits skips that switch', async () => {
    const gate = deferred<void>();
    const { lifecycle, log, signIn } = setup(() => gate.promise);
    const a = lifecycle.switchTo(signIn('ann'));
    const b = lifecycle.switchTo(signIn('bob'));
    await new Promise((r) => setTimeout(r, 5));
    const closed = lifecycle.close();
    gate.resolve();
    await Promise.all([a, b, closed]);
    expect(log).not.toContain('sign in bob (left ann)');
    expect(log.slice(-3)).toEqual(['close ann', 'shares cleared', 'server stopped']);
  });
});

describe('the account the window sees', () => {
  const server: Settings['server'] = {
    mode: 'remote',
    url: 'https://files.example.com',
    port: 0,
    address: '',
    embeddedEnabled: true,
  };
  const ann = {
    mode: 'remote',
    publicUrl: 'https://files.example.com',
    api: { user: { email: 'ann@example.com', fullname: 'Ann', storage: null } },
  } as unknown as SignedIn;

  it('follows the state', () => {
    expect(accountView({ name: 'signingIn' }, server, true)).toEqual({
      signedIn: false,
      mode: 'remote',
      serverUrl: 'https://files.example.com',
      email: null,
      fullname: null,
      storage: null,
    });
    expect(
      accountView({ name: 'signedIn', account: ann, session: null }, server, true),
    ).toMatchObject({ signedIn: true, email: 'ann@example.com' });
    expect(
      accountView(
        { name: 'signedOut', error: { code: 'serverUnreachable', message: 'm', action: 'a' } },
        server,
        true,
      ),
    ).toMatchObject({ signedIn: false, error: { code: 'serverUnreachable' } });
  });

  it('says a sign-in is not remembered without secure storage, unless the token was refused', () => {
    const signedIn = { name: 'signedIn' as const, account: ann, session: null };
    expect(accountView(signedIn, server, false).error?.code).toBe('secureStorageUnavailable');
    expect(
      accountView(
        { ...signedIn, error: { code: 'signedOut', message: 'm', action: 'a' } },
        server,
        false,
      ).error?.code,
    ).toBe('signedOut');
    expect(accountView({ name: 'signedOut' }, server, false).error).toBeUndefined();
  });
});

describe('restarting the embedded server on a settings change', () => {
  const base: Settings = {
    ...defaultSettings,
    server: { ...defaultSettings.server, port: 4000 },
    uploadConcurrency: 3,
    globalShortcut: '',
    screenshotShortcut: '',
  };
  const server = (patch: Partial<Settings['server']>): Settings => ({
    ...base,
    server: { ...base.server, ...patch },
  });

  it.each([
    ['the port changes', server({ port: 4000 }), server({ port: 4001 }), true],
    ['the port picked on first start is saved', server({ port: 0 }), server({ port: 4000 }), false],
    ['the port goes back to "pick one"', server({ port: 4000 }), server({ port: 0 }), true],
    ['the address changes', server({}), server({ address: '10.0.0.2' }), true],
    ['the server is switched off', server({}), server({ embeddedEnabled: false }), true],
    ['only the concurrency changes', server({}), { ...base, uploadConcurrency: 5 }, false],
    ['the mode is remote', server({ mode: 'remote' }), server({ mode: 'remote', port: 1 }), false],
    ['the mode switches', server({}), server({ mode: 'remote', address: 'x' }), false],
  ])('when %s', (_what, prev, next, restart) => {
    expect(embeddedRestartNeeded(next, prev)).toBe(restart);
  });
});
