/**
 * Creates and wires every main-process service without Electron. The app (main/index.ts)
 * passes Electron's shell in; tests and the e2e harness pass plain-Node stand-ins.
 */
import { join } from 'node:path';
import { appErrorView, type AppErrorView } from '../shared/errors';
import { IpcError, type EventChannel, type EventContract, type SettingsPatch } from '../shared/ipc';
import { drop, silentLogger, type Logger } from '../shared/log';
import type { AccountView, ConnectionStatus, Settings } from '../shared/model';
import {
  EMBEDDED_SLOT,
  freePort,
  listenHostFor,
  resumeRemote,
  signInEmbedded,
  signInRemote,
  type SignedIn,
} from './account/signIn';
import { lanAddress as defaultLanAddress } from './account/lanAddress';
import { toErrorView } from './api';
import { TokenStore } from './auth';
import { buildHandlers } from './commands';
import type { Handlers } from './ipc/handle';
import type { BackoffOptions } from './live';
import { liveSessionId } from './live/liveSessionId';
import { Notifications } from './notifications/notifications';
import { EmbeddedServerHost, type EmbeddedForker } from './server';
import { ServerSession } from './session/serverSession';
import { SettingsService } from './settings/settings';
import type { KeyValueStore } from './settings/store';
import type { Shell } from './shell';
import { RecentLinks } from './tray/recentLinks';

export interface CoreOptions extends Shell {
  userDataDir: string;
  settingsStore: KeyValueStore;
  /** How to fork the embedded server (utilityProcess in the app, child_process in Node). */
  embeddedHost: EmbeddedForker;
  /** The built server entry; defaults to dist/server/embedded.cjs under the working folder. */
  embeddedEntry?: string;
  lanAddress?: () => string;
  /** Settings that win over saved ones (server mode, remote URL, concurrency…). */
  settings?: SettingsPatch;
  liveBackoff?: BackoffOptions;
  logger?: Logger;
}

export type EventListener = <K extends EventChannel>(channel: K, payload: EventContract[K]) => void;

export interface Core {
  readonly handlers: Handlers;
  onEvent(listener: EventListener): () => void;
  /** Settles once the first sign-in attempt is over (signed in and live connecting, or an error in the account). */
  readonly ready: Promise<void>;
  /** The last links copied, newest first (for the tray). */
  recentLinks(): readonly string[];
  /** Called after every copy, so the tray can list the new links. */
  onRecentLinks(listener: () => void): () => void;
  /** Shows an error toast for a problem found outside the core (the shortcut, the tray). */
  reportProblem(message: string, action?: string): void;
  settings(): Settings;
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): Promise<Core> {
  const log = (options.logger ?? silentLogger).child('core');
  const listeners = new Set<EventListener>();
  // Pushed only on change, so kept for a window that opens later and asks (`live:status`).
  let liveStatus: ConnectionStatus = 'connecting';
  const emit: EventListener = (channel, payload) => {
    if (channel === 'live:status') liveStatus = payload as ConnectionStatus;
    for (const l of listeners) l(channel, payload);
  };
  const settings = new SettingsService(options.settingsStore, options.settings);
  const tokens = new TokenStore({
    secureStorage: options.secureStorage,
    dir: join(options.userDataDir, 'auth'),
    logger: log,
  });
  const host = new EmbeddedServerHost(
    options.embeddedHost,
    options.embeddedEntry ?? join(process.cwd(), 'dist/server/embedded.cjs'),
    log,
  );
  const notifications = new Notifications({
    notifier: options.notifier,
    enabled: () => settings.get().notifications,
    toast: (t) => emit('toast:show', t),
  });
  const lan = options.lanAddress ?? defaultLanAddress;

  let signedIn: SignedIn | null = null;
  let session: ServerSession | null = null;
  let accountError: AppErrorView | undefined;
  const recent = new RecentLinks(options.settingsStore);
  let switching: Promise<unknown> = Promise.resolve();
  let closed = false;

  const account = (): AccountView => {
    const s = settings.get().server;
    const user = signedIn?.api.user ?? null;
    const view: AccountView = {
      signedIn: signedIn !== null,
      mode: signedIn?.mode ?? s.mode,
      serverUrl: signedIn?.publicUrl ?? (s.mode === 'remote' && s.url ? s.url : null),
      email: user?.email ?? null,
      fullname: user?.fullname ?? null,
      storage: user?.storage ?? null,
    };
    // Without a keychain the sign-in works but is not remembered: say so while signed in.
    const error =
      accountError ??
      (signedIn && !tokens.available ? appErrorView('secureStorageUnavailable') : undefined);
    return error ? { ...view, error } : view;
  };
  const accountChanged = () => emit('account:changed', account());
  /** Re-reads the account (storage use) from the server, then tells the renderer. */
  const refreshAccount = () =>
    drop(signedIn?.api.me().then(accountChanged) ?? Promise.resolve(), (err) =>
      log.warn('reading the account failed', { err }),
    );
  const signInDeps = {
    tokens,
    logger: log,
    notStored: () => log.warn('the refresh token was not stored: no secure storage'),
  };

  /**
   * Ends the current session and starts another from `signIn`; one switch at a time.
   * Signing out (`dropUploads`) also drops the unfinished uploads of the account left.
   */
  const switchTo = (
    signIn: (left: SignedIn | null) => Promise<SignedIn | null>,
    opts: { dropUploads?: boolean } = {},
  ): Promise<AccountView> => {
    const run = switching.then(async () => {
      const left = await endSession(opts);
      accountError = undefined;
      if (closed) return account();
      try {
        signedIn = await signIn(left);
      } catch (err) {
        log.warn('sign-in failed', { err });
        accountError = toErrorView(err);
      }
      if (signedIn) {
        const s = new ServerSession({
          api: signedIn.api,
          serverUrl: signedIn.serverUrl,
          dir: join(options.userDataDir, 'queues', signedIn.slot),
          liveSession: liveSessionId(options.settingsStore, signedIn.slot),
          clipboard: options.clipboard,
          notifications,
          concurrency: () => settings.get().uploadConcurrency,
          emit,
          accountChanged: refreshAccount,
          authFailed: () => {
            accountError = appErrorView('signedOut');
            accountChanged();
          },
          logger: log,
          ...(options.liveBackoff ? { backoff: options.liveBackoff } : {}),
        });
        session = s;
        await s.start();
      } else if (accountError) {
        notifications.error(accountError);
      }
      accountChanged();
      return account();
    });
    switching = run.catch(() => {});
    return run;
  };

  /** Stops the session; the window drops the account's shares at once, before any next list. */
  const endSession = async (opts: { dropUploads?: boolean } = {}): Promise<SignedIn | null> => {
    const s = session;
    const left = signedIn;
    session = null;
    signedIn = null;
    await s?.close(opts);
    if (s) emit('shares:changed', []);
    await host.stop();
    return left;
  };

  const embedded = () =>
    switchTo(async () => {
      const s = settings.get().server;
      if (!s.embeddedEnabled) return null;
      const address = s.address || lan();
      let port = s.port;
      if (port === 0) {
        // Pick once and keep it, so links stay valid across restarts.
        port = await freePort(listenHostFor(address));
        settings.set({ server: { port } });
      }
      return signInEmbedded({
        ...signInDeps,
        host,
        userDataDir: options.userDataDir,
        port,
        address,
      });
    });

  const startup = () => {
    const s = settings.get().server;
    if (s.mode === 'remote' && s.url) return switchTo(() => resumeRemote(signInDeps, s.url));
    return embedded();
  };

  settings.onChange((next, prev) => {
    emit('settings:changed', next);
    if (next.uploadConcurrency !== prev.uploadConcurrency) session?.queue.kick();
    // Mode switches go through the account commands; here only the embedded server's own
    // settings restart it. The port picked on first start is saved while starting: no restart.
    const a = next.server;
    const b = prev.server;
    const pickedPort = b.port === 0 && a.port !== 0;
    const changed =
      (a.port !== b.port && !pickedPort) ||
      a.address !== b.address ||
      a.embeddedEnabled !== b.embeddedEnabled;
    if (a.mode === 'embedded' && b.mode === 'embedded' && changed) drop(embedded());
  });

  const handlers = buildHandlers({
    ...options,
    settings,
    userDataDir: options.userDataDir,
    account,
    session: () => {
      if (session) return session;
      const { message, action } = appErrorView('signedOut');
      throw new IpcError(`${message} ${action}`, 'signedOut');
    },
    hasSession: () => session !== null,
    liveStatus: () => liveStatus,
    // Signs in before leaving the current server: a typo must not sign the person out.
    signInRemote: async ({ url, ...creds }) => {
      const result = await signInRemote(signInDeps, url, creds);
      settings.set({ server: { mode: 'remote', url: result.serverUrl } });
      return switchTo(() => Promise.resolve(result));
    },
    useEmbedded: () => {
      if (settings.get().server.mode !== 'embedded') settings.set({ server: { mode: 'embedded' } });
      return embedded();
    },
    // Forgets the token of the account left, so a restart does not sign it in again.
    signOut: () =>
      switchTo(
        async (left) => {
          if (left) await tokens.clear(left.slot);
          return null;
        },
        { dropUploads: true },
      ),
    copied: (text) => recent.copied(text),
    accountChanged: refreshAccount,
  });

  const ready = startup().then(() => undefined);

  return Promise.resolve({
    handlers,
    ready,
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    recentLinks: () => recent.list(),
    onRecentLinks: (l) => recent.onChange(l),
    reportProblem: (message, action) => notifications.problem(message, action),
    settings: () => settings.get(),
    close: async () => {
      closed = true;
      await switching;
      await endSession();
    },
  });
}

export { EMBEDDED_SLOT };
