/**
 * The operating-system shell around the app, as narrow interfaces: Electron implements them
 * in the app (main/electron/), plain Node in tests and the e2e harness (main/testing/).
 */
import type { SecureStorage } from './auth';
import type { Notifier } from './notifications/notifications';

/** Electron's clipboard is asynchronous; plain-Node stand-ins may answer at once. */
export interface Clipboard {
  writeText(text: string): void | Promise<void>;
  readText(): string | Promise<string>;
  /** Files copied in a file manager, as absolute paths. */
  readFilePaths(): string[] | Promise<string[]>;
  /** An image on the clipboard, as PNG bytes. */
  readImagePng(): Buffer | null | Promise<Buffer | null>;
}

export interface Dialog {
  /** Lets the person pick files; empty when they cancel. */
  chooseFiles(): Promise<string[]>;
}

export interface ExternalShell {
  openExternal(url: string): Promise<void> | void;
}

export interface Shell {
  clipboard: Clipboard;
  notifier: Notifier;
  dialog: Dialog;
  shell: ExternalShell;
  secureStorage: SecureStorage;
}
