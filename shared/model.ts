/**
 * The app's view of its world, as main sends it to the renderer. Main merges REST state,
 * upload state and live events into these; the renderer only displays them.
 */
import type { AppErrorView } from './errors';
import type { ReadyState, Storage } from './gett';

/** Where a file's upload stands in the app's queue. */
export type UploadPhase = 'queued' | 'uploading' | 'paused' | 'failed' | 'done';

export interface UploadProgress {
  readonly sharename: string;
  readonly fileid: string;
  /** Bytes sent so far. */
  readonly bytes: number;
  readonly total: number;
  /** Bytes per second, smoothed; decays while nothing moves. */
  readonly speed: number;
  /** Seconds left at the current speed; null while unknown. */
  readonly eta: number | null;
  /** True once no byte has moved for a few seconds (speed 0, eta null). */
  readonly stalled?: boolean;
}

export interface UploadView {
  readonly phase: UploadPhase;
  readonly bytes: number;
  readonly total: number;
  readonly speed: number;
  readonly eta: number | null;
  readonly error?: AppErrorView;
}

export interface FileView {
  readonly sharename: string;
  readonly fileid: string;
  readonly filename: string;
  readonly size: number | null;
  readonly readystate: ReadyState;
  readonly created: number;
  readonly getturl: string;
  readonly downloads: number;
  /** Thumbnail URL for images that are uploaded; absent otherwise. */
  readonly thumbUrl?: string;
  /** Present while this app is uploading (or failed to upload) the file. */
  readonly upload?: UploadView;
  /** Why the file was removed, when it was. */
  readonly removedReason?: string;
  /** Counted downloads left before the share's limit; present only when it has one. */
  readonly downloadsleft?: number;
}

export interface ShareView {
  readonly sharename: string;
  readonly title: string | null;
  readonly getturl: string;
  readonly created: number;
  readonly files: readonly FileView[];
  /** End-to-end encrypted: links carry the key in their fragment, the server sees ciphertext. */
  readonly encrypted?: boolean;
  /** Unix seconds when the links stop working; absent when they never expire. */
  readonly expires?: number;
  /** Counted downloads each file allows; absent when unlimited. */
  readonly maxdownloads?: number;
  /** True when recipients need a password. */
  readonly protected?: boolean;
  /**
   * True once `expires` has passed: the server has removed the share, the app keeps it in the
   * list (marked) until it is removed from there.
   */
  readonly expired?: boolean;
}

export type ConnectionStatus = 'online' | 'connecting' | 'reconnecting' | 'offline';

export interface AccountView {
  readonly signedIn: boolean;
  readonly mode: 'embedded' | 'remote';
  readonly serverUrl: string | null;
  readonly email: string | null;
  readonly fullname: string | null;
  readonly storage: Storage | null;
  /** Set when sign-in failed or secure storage is missing. */
  readonly error?: AppErrorView;
}

export type Theme = 'system' | 'light' | 'dark';

export interface Settings {
  readonly server: {
    readonly mode: 'embedded' | 'remote';
    /** Remote server base URL (mode remote). */
    readonly url: string;
    /** Embedded server: listen port (0 = pick a free one) and the address links are built from. */
    readonly port: number;
    readonly address: string;
    readonly embeddedEnabled: boolean;
  };
  readonly uploadConcurrency: number;
  /** Upload speed cap for all uploads together, in bytes per second; 0 = no limit. */
  readonly uploadSpeedLimit: number;
  readonly notifications: boolean;
  readonly globalShortcut: string;
  /** Global shortcut of "Share a screenshot" (a region); '' turns it off. */
  readonly screenshotShortcut: string;
  readonly launchAtLogin: boolean;
  readonly theme: Theme;
  /** Lifetime of a new share's links in seconds; 0 = they never expire. */
  readonly defaultExpiry: number;
  /** Counted downloads each file of a new share allows; 0 = no limit. */
  readonly defaultMaxDownloads: number;
  /** Whether a drop on the window first asks for a password (and shows the link options). */
  readonly askPasswordOnDrop: boolean;
  /** New shares are end-to-end encrypted unless a drop says otherwise. */
  readonly encryptShares: boolean;
}

/** A first start's settings; tests and the bench change only what they need from these. */
export const defaultSettings: Settings = {
  server: { mode: 'embedded', url: '', port: 0, address: '', embeddedEnabled: true },
  uploadConcurrency: 2,
  uploadSpeedLimit: 0,
  notifications: true,
  globalShortcut: 'CommandOrControl+Shift+U',
  screenshotShortcut: 'CommandOrControl+Alt+S',
  launchAtLogin: false,
  theme: 'system',
  defaultExpiry: 0,
  defaultMaxDownloads: 0,
  askPasswordOnDrop: false,
  encryptShares: false,
};

/**
 * A share's link options as sent to main and on to the server: an absent field keeps its value,
 * `null` clears it. `expires` is unix seconds; `password` `""` also clears.
 */
export interface LinkOptions {
  readonly expires?: number | null | undefined;
  readonly maxdownloads?: number | null | undefined;
  readonly password?: string | null | undefined;
}

export interface DropResult {
  readonly sharename: string;
  /** Links in clipboard order: the share link first for several files. */
  readonly links: readonly string[];
  /** Exactly what was put on the clipboard. */
  readonly copied: string;
}

export interface DownloadNotice {
  readonly sharename: string;
  readonly fileid: string;
  readonly filename: string;
}

export type ToastKind = 'info' | 'success' | 'error';

/**
 * What a toast is about, for toasts that join others of their kind arriving close together
 * (the window turns several `uploaded` toasts into "3 files uploaded.").
 */
export interface ToastGroup {
  readonly key: 'uploaded';
  /** The file (or thing) this one toast is about. */
  readonly name: string;
}

export interface Toast {
  readonly id: string;
  readonly kind: ToastKind;
  readonly message: string;
  readonly action?: string;
  readonly group?: ToastGroup;
}

/** A file this app is downloading from a gett:// link into the Downloads folder. */
export interface DownloadView {
  readonly id: string;
  readonly filename: string;
  readonly bytes: number;
  /** null while the server does not know the size yet (the upload is still running). */
  readonly total: number | null;
  readonly phase: 'downloading' | 'finished' | 'failed';
  /** Where it was saved, once finished. */
  readonly path?: string;
  /** What went wrong and what to do, once failed. */
  readonly error?: string;
}

/** Where the app's own update is: checked and downloaded in the background, installed on restart. */
export interface UpdateView {
  /**
   * none: up to date (or not checked yet); downloading: a new version is coming; ready: it can
   * be installed with a restart; waiting: a restart was asked for and waits for uploads to end.
   */
  readonly state: 'none' | 'downloading' | 'ready' | 'waiting';
  readonly version?: string;
}
