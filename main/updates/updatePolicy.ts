/**
 * When the app updates itself. It checks at start and once a day; electron-updater downloads
 * a new version in the background; "Restart to update" (tray and window) then installs it —
 * but never while an upload is sending or waiting its turn: the restart happens the moment the
 * queue has drained. Paused or failed uploads do not hold it up; they are saved and come back
 * after the restart like after any quit.
 */
import { silentLogger, type Logger } from '../../shared/log';
import type { UpdateView } from '../../shared/model';

/** The part of electron-updater's autoUpdater the policy uses. */
export interface Updater {
  checkForUpdates(): Promise<unknown>;
  on(event: 'update-available', listener: (info: { version: string }) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  quitAndInstall(): void;
}

export interface UpdatePolicyOptions {
  updater: Updater;
  /** True while any upload is sending or queued. */
  uploadsBusy: () => boolean;
  /** Called after every change of the uploads; returns the unsubscribe. */
  onUploadsChanged: (listener: () => void) => () => void;
  changed: (view: UpdateView) => void;
  /** Told once when a restart has to wait for uploads. */
  waiting: (message: string) => void;
  /** Between two checks; a day by default. */
  intervalMs?: number;
  logger?: Logger;
}

const DAY = 24 * 60 * 60 * 1000;

export class UpdatePolicy {
  private state: UpdateView = { state: 'none' };
  private timer: ReturnType<typeof setInterval> | null = null;
  private offUploads: (() => void) | null = null;
  private readonly log: Logger;
  private installed = false;

  constructor(private readonly o: UpdatePolicyOptions) {
    this.log = (o.logger ?? silentLogger).child('updates');
    o.updater.on('update-available', (info) => {
      if (this.state.state === 'none') this.set({ state: 'downloading', version: info.version });
    });
    o.updater.on('update-downloaded', (info) => {
      // A restart already asked for stays asked for.
      if (this.state.state !== 'waiting') this.set({ state: 'ready', version: info.version });
      else this.set({ state: 'waiting', version: info.version });
    });
    // A failed background check or download is no news for the person: try again tomorrow.
    o.updater.on('error', (err) => this.log.warn('update check failed', { err }));
  }

  view(): UpdateView {
    return this.state;
  }

  /** Checks now and then every `intervalMs`. */
  start(): void {
    if (this.timer) return;
    this.check();
    this.timer = setInterval(() => this.check(), this.o.intervalMs ?? DAY);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.offUploads?.();
    this.offUploads = null;
  }

  /**
   * "Restart to update": installs now when no upload is running, else once they have all
   * finished. Throws when there is nothing to install.
   */
  restart(): UpdateView {
    const { state, version } = this.state;
    if (state !== 'ready' && state !== 'waiting') {
      throw new Error(
        state === 'downloading'
          ? 'The update is still downloading. Restart to update once it is ready.'
          : 'There is no update to install. Gett Desktop checks for one every day.',
      );
    }
    if (!this.o.uploadsBusy()) {
      this.install();
      return this.state;
    }
    if (state === 'ready') {
      this.set({ state: 'waiting', ...(version ? { version } : {}) });
      this.o.waiting(
        'Gett Desktop restarts to update as soon as the uploads have finished. Pause them to restart now.',
      );
    }
    this.offUploads ??= this.o.onUploadsChanged(() => {
      if (this.state.state === 'waiting' && !this.o.uploadsBusy()) this.install();
    });
    return this.state;
  }

  private install(): void {
    if (this.installed) return;
    this.installed = true;
    this.stop();
    this.log.info('restarting to update', { version: this.state.version });
    this.o.updater.quitAndInstall();
  }

  private check(): void {
    this.o.updater
      .checkForUpdates()
      .catch((err: unknown) => this.log.warn('update check failed', { err }));
  }

  private set(view: UpdateView): void {
    this.state = view;
    this.o.changed(view);
  }
}
