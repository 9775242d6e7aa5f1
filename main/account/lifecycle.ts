/**
 * The account's lifecycle as one state machine: signed out, signing in, signed in, closing.
 * Switches (start-up, remote sign-in, back to the embedded server, sign-out, a restart of the
 * embedded server) run one at a time; each ends the session it finds before signing in again.
 * Closing waits for a running switch, skips the queued ones and ends whatever session is left.
 * The lifecycle knows nothing of servers: it gets a sign-in function per switch and opens
 * sessions through its dependencies, so its transitions are tested without a server.
 */
import { appErrorView, type AppErrorView } from '../../shared/errors';
import { silentLogger, type Logger } from '../../shared/log';
import type { AccountView, Settings } from '../../shared/model';
import { toErrorView } from '../api/errors';
import type { SignedIn } from './signIn';

/** What the lifecycle needs of a session: start it, and close it (maybe dropping uploads). */
export interface LifecycleSession {
  start(): Promise<void>;
  close(opts?: { dropUploads?: boolean }): Promise<void>;
}

export type AccountState<A, S> =
  /** No account; `error` says why the last sign-in failed, if it did. */
  | { readonly name: 'signedOut'; readonly error?: AppErrorView }
  /** A switch is running: the session before it has ended or is ending. */
  | { readonly name: 'signingIn' }
  /** `error` is set when the server refused the session's token later (sign in again). */
  | {
      readonly name: 'signedIn';
      readonly account: A;
      readonly session: S;
      readonly error?: AppErrorView;
    }
  /** The app is shutting down: no switch starts any more. */
  | { readonly name: 'closing' };

export type AccountStateName = AccountState<unknown, unknown>['name'];

export interface LifecycleDeps<A, S extends LifecycleSession> {
  /** Builds (not starts) the session of a signed-in account; `authFailed` marks it refused. */
  openSession(account: A, authFailed: () => void): S;
  /** After a session ended: the window drops its shares at once, before any next list. */
  sessionEnded(): void;
  /** Stops what a sign-in may have started besides the session (the embedded server). */
  stopServer(): Promise<void>;
  /** The account changed (a switch ended, the token was refused): tell the window. */
  changed(): void;
  /** A sign-in failed: tell the person. */
  failed(error: AppErrorView): void;
  logger?: Logger;
}

export interface SwitchOptions {
  /** Signing out: also drop the unfinished uploads of the account left. */
  dropUploads?: boolean;
}

/** Signs in for one switch, given the account just left; `null` stays signed out. */
export type SignInStep<A> = (left: A | null) => Promise<A | null>;

export class AccountLifecycle<A, S extends LifecycleSession> {
  #state: AccountState<A, S> = { name: 'signedOut' };
  #queue: Promise<unknown> = Promise.resolve();
  readonly #deps: LifecycleDeps<A, S>;
  readonly #log: Logger;

  constructor(deps: LifecycleDeps<A, S>) {
    this.#deps = deps;
    this.#log = deps.logger ?? silentLogger;
  }

  get state(): AccountState<A, S> {
    return this.#state;
  }

  /** The signed-in session, if there is one. */
  get session(): S | null {
    return this.#state.name === 'signedIn' ? this.#state.session : null;
  }

  /**
   * Ends the current session and signs in with `signIn`, after any switch already running.
   * Settles once the new session has started (or the sign-in failed, into signed out with
   * the error); rejects only when the new session cannot start.
   */
  switchTo(signIn: SignInStep<A>, opts: SwitchOptions = {}): Promise<AccountState<A, S>> {
    const run = this.#queue.then(() => this.#switch(signIn, opts));
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Waits for a running switch, skips queued ones and ends the session left. */
  async close(): Promise<void> {
    const before = this.#state;
    this.#state = { name: 'closing' };
    await this.#queue;
    // A switch that was running when closing began started no session after it (see #switch).
    if (before.name === 'signedIn') await this.#end(before.session);
    await this.#deps.stopServer();
  }

  async #switch(signIn: SignInStep<A>, opts: SwitchOptions): Promise<AccountState<A, S>> {
    if (this.#state.name === 'closing') return this.#state;
    const before = this.#state;
    this.#state = { name: 'signingIn' };
    let left: A | null = null;
    if (before.name === 'signedIn') {
      left = before.account;
      await this.#end(before.session, opts);
    }
    await this.#deps.stopServer();
    if (this.#closing()) return this.#state;

    let account: A | null = null;
    let error: AppErrorView | undefined;
    try {
      account = await signIn(left);
    } catch (err) {
      this.#log.warn('sign-in failed', { err });
      error = toErrorView(err);
    }
    if (this.#closing()) {
      // Shutting down while signing in: start nothing, give back what the sign-in started.
      await this.#deps.stopServer();
      return this.#state;
    }
    if (account === null) {
      this.#state = error ? { name: 'signedOut', error } : { name: 'signedOut' };
      if (error) this.#deps.failed(error);
    } else {
      const session = this.#deps.openSession(account, () => this.#refused(session));
      this.#state = { name: 'signedIn', account, session };
      await session.start();
    }
    this.#deps.changed();
    return this.#state;
  }

  async #end(session: S, opts: SwitchOptions = {}): Promise<void> {
    await session.close(opts);
    this.#deps.sessionEnded();
  }

  /** The server refused the session's token: it stays, and the account says sign in again. */
  #refused(session: S): void {
    const s = this.#state;
    if (s.name !== 'signedIn' || s.session !== session) return;
    this.#state = { ...s, error: appErrorView('signedOut') };
    this.#deps.changed();
  }

  // A method, so the compiler does not narrow `#state` across the awaits above.
  #closing(): boolean {
    return this.#state.name === 'closing';
  }
}

/**
 * Whether a settings change restarts the embedded server: its port, address or switch
 * changed while it is the mode. The port picked and saved on first start is no change.
 */
export function embeddedRestartNeeded(next: Settings, prev: Settings): boolean {
  const a = next.server;
  const b = prev.server;
  if (a.mode !== 'embedded' || b.mode !== 'embedded') return false;
  const pickedPort = b.port === 0 && a.port !== 0;
  return (
    (a.port !== b.port && !pickedPort) ||
    a.address !== b.address ||
    a.embeddedEnabled !== b.embeddedEnabled
  );
}

/** What the window sees of the account: the lifecycle's state over the saved server settings. */
export function accountView(
  state: AccountState<SignedIn, unknown>,
  server: Settings['server'],
  secureStorage: boolean,
): AccountView {
  const signedIn = state.name === 'signedIn' ? state.account : null;
  const user = signedIn?.api.user ?? null;
  const view: AccountView = {
    signedIn: signedIn !== null,
    mode: signedIn?.mode ?? server.mode,
    serverUrl: signedIn?.publicUrl ?? (server.mode === 'remote' && server.url ? server.url : null),
    email: user?.email ?? null,
    fullname: user?.fullname ?? null,
    storage: user?.storage ?? null,
  };
  // Without a keychain the sign-in works but is not remembered: say so while signed in.
  const error =
    (state.name === 'signedIn' || state.name === 'signedOut' ? state.error : undefined) ??
    (signedIn && !secureStorage ? appErrorView('secureStorageUnavailable') : undefined);
  return error ? { ...view, error } : view;
}
