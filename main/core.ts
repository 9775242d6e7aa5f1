/**
 * Creates and wires every main-process service without Electron. The app (main/index.ts)
 * passes Electron's shell in; tests and the e2e harness pass plain-Node stand-ins.
 */
import { join } from 'node:path';
import { appErrorView } from '../shared/errors';
import { IpcError, type EventChannel, type EventContract, type SettingsPatch } from '../shared/ipc';
import { drop, silentLogger, type Logger } from '../shared/log';
import type {
  AccountView,
  ConnectionStatus,
  DropResult,
  Settings,
  ShareView,
  UpdateView,
} from '../shared/model';
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
import {
  AccountLifecycle,
  accountView,
  embeddedRestartNeeded,
  type SignInStep,
  type SwitchOptions,
} from './account/lifecycle';
import { TokenStore } from './auth';
import { buildHandlers } from './commands';
import type { Handlers } from './ipc/handle';
import type { BackoffOptions } from './live';
import { liveSessionId } from './live/liveSessionId';
import { Notifications } from './notifications/notifications';
import { EmbeddedServerHost, type EmbeddedForker } from './server';
import { ServerSession } from './session/serverSession';
import { SettingsService, linkDefaults } from './settings/settings';
import { RateLimiter } from './uploads/rateLimit';
import type { KeyValueStore } from './settings/store';
import type { Shell } from './shell';
import { RecentLinks } from './tray/recentLinks';
import { LinkOpener, type OpenedLink } from './links/linkOpener';
import { UpdatePolicy, type Updater } from './updates/updatePolicy';
import { Screenshots, type Capture, type ScreenshotMode } from './screenshots/screenshots';
import { uploadCounts } from '../shared/uploads';

export interface CoreOptions extends Shell {
  userDataDir: string;
  settingsStore: KeyValueStore;
  /** How to fork the embedded server (utilityProcess in the app, child_process in Node). */
  embeddedHost: EmbeddedForker;
  /** The built server entry; defaults to dist/server/embedded.cjs under the working folder. */
  embeddedEntry?: string;
  lanAddress?: () => string;
  /** Where gett:// links download to: the person's Downloads folder in the app. */
  downloadsDir?: () => string;
  /** The app's self-updater (electron-updater in a packaged app); none: no updates. */
  updater?: Updater;
  /** Between two update checks; a day by default. */
  updateIntervalMs?: number;
  /** The platform's screen capture and region overlay; none: no screenshots. */
  capture?: Capture;
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
  /** Opens a gett:// link: downloads its files, or shows the share; rejects saying why not. */
  openLink(url: string): Promise<OpenedLink>;
  /** The app's own update (for the tray). */
  update(): UpdateView;
  /** "Share a screenshot": null when the region was cancelled; rejects saying why not. */
  screenshot(mode: ScreenshotMode): Promise<DropResult | null>;
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): Promise<Core> {
  const log = (options.logger ?? silentLogger).child('core');
  const listeners = new Set<EventListener>();
  // Pushed only on change, so kept for a window that opens later and asks (`live:status`).
  let liveStatus: ConnectionStatus = 'connecting';
  // The last share list: whether uploads are running decides when an update may restart.
  let shares: readonly ShareView[] = [];
  const sharesListeners = new Set<() => void>();
  const emit: EventListener = (channel, payload) => {
    if (channel === 'live:status') liveStatus = payload as ConnectionStatus;
    for (const l of listeners) l(channel, payload);
    if (channel === 'shares:changed') {
      shares = payload as ShareView[];
      for (const l of [...sharesListeners]) l();
    }
  };
  const settings = new SettingsService(options.settingsStore, options.settings);
  // One cap for the whole app: it outlives sign-ins, and Settings change it live.
  const limiter = new RateLimiter(settings.get().uploadSpeedLimit);
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

  const recent = new RecentLinks(options.settingsStore);
  const updates = options.updater
    ? new UpdatePolicy({
        updater: options.updater,
        uploadsBusy: () => uploadCounts(shares).active > 0,
        onUploadsChanged: (l) => {
          sharesListeners.add(l);
          return () => sharesListeners.delete(l);
        },
        changed: (view) => emit('update:changed', view),
        waiting: (message) => notifications.info(message),
        ...(options.updateIntervalMs ? { intervalMs: options.updateIntervalMs } : {}),
        logger: log,
      })
    : null;
  const links = new LinkOpener({
    downloadsDir: options.downloadsDir ?? (() => join(options.userDataDir, 'Downloads')),
    shell: options.shell,
    notify: notifications,
    changed: (list) => emit('downloads:changed', [...list]),
  });
  const lifecycle: AccountLifecycle<SignedIn, ServerSession> = new AccountLifecycle({
    openSession: (signedIn, authFailed) =>
      new ServerSession({
        api: signedIn.api,
        serverUrl: signedIn.serverUrl,
        dir: join(options.userDataDir, 'queues', signedIn.slot),
        liveSession: liveSessionId(options.settingsStore, signedIn.slot),
        clipboard: options.clipboard,
        secureStorage: options.secureStorage,
        notifications,
        concurrency: () => settings.get().uploadConcurrency,
        limiter,
        linkDefaults: () => linkDefaults(settings.get()),
        emit,
        accountChanged: refreshAccount,
        authFailed,
        logger: log,
        ...(options.liveBackoff ? { backoff: options.liveBackoff } : {}),
      }),
    sessionEnded: () => emit('shares:changed', []),
    stopServer: () => host.stop(),
    changed: () => accountChanged(),
    failed: (error) => notifications.error(error),
    logger: log,
  });

  const account = (): AccountView =>
    accountView(lifecycle.state, settings.get().server, tokens.available);
  const accountChanged = () => emit('account:changed', account());
  /** Re-reads the account (storage use) from the server, then tells the renderer. */
  const refreshAccount = () => {
    const state = lifecycle.state;
    drop(
      state.name === 'signedIn' ? state.account.api.me().then(accountChanged) : Promise.resolve(),
      (err) => log.warn('reading the account failed', { err }),
    );
  };
  const signInDeps = {
    tokens,
    logger: log,
    notStored: () => log.warn('the refresh token was not stored: no secure storage'),
  };
  const switchTo = (signIn: SignInStep<SignedIn>, opts?: SwitchOptions): Promise<AccountView> =>
    lifecycle.switchTo(signIn, opts).then(account);

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
    if (next.uploadConcurrency !== prev.uploadConcurrency) lifecycle.session?.queue.kick();
    if (next.uploadSpeedLimit !== prev.uploadSpeedLimit) limiter.setRate(next.uploadSpeedLimit);
    // Mode switches go through the account commands; here only the embedded server's own
    // settings restart it.
    if (embeddedRestartNeeded(next, prev)) drop(embedded());
  });

  const handlers = buildHandlers({
    ...options,
    settings,
    userDataDir: options.userDataDir,
    account,
    session: () => {
      const session = lifecycle.session;
      if (session) return session;
      const { message, action } = appErrorView('signedOut');
      throw new IpcError(`${message} ${action}`, 'signedOut');
    },
    hasSession: () => lifecycle.session !== null,
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
    downloads: () => links.list(),
    update: () => updates?.view() ?? { state: 'none' },
    restartToUpdate: () => {
      if (!updates) {
        throw new IpcError(
          'This copy of Gett Desktop does not update itself (it was not installed from a release). Install a new release to update.',
          'noUpdates',
        );
      }
      try {
        return updates.restart();
      } catch (err) {
        throw new IpcError((err as Error).message, 'noUpdate');
      }
    },
  });
  updates?.start();
  const screenshots = options.capture
    ? new Screenshots({
        capture: options.capture,
        dir: join(options.userDataDir, 'screenshots'),
        share: (paths) => handlers['shares:drop']({ paths }),
      })
    : null;

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
    openLink: (url) => links.open(url),
    update: () => updates?.view() ?? { state: 'none' },
    screenshot: (mode) => {
      if (!screenshots) {
        return Promise.reject(
          new IpcError(
            'Screenshots need the Gett Desktop app itself; this copy cannot capture the screen.',
            'noCapture',
          ),
        );
      }
      return screenshots.take(mode);
    },
    close: () => {
      updates?.stop();
      return lifecycle.close();
    },
  });
}

export { EMBEDDED_SLOT };
