/**
 * What the app tells a person outside its window (OS notifications) and inside it (toasts):
 * downloads of their files, finished uploads and errors. OS notifications obey the setting.
 */
import { randomUUID } from 'node:crypto';
import type { AppErrorView } from '../../shared/errors';
import type { Toast, ToastGroup, ToastKind } from '../../shared/model';

/** The OS notification centre (Electron's Notification in the app). */
export interface Notifier {
  show(n: { title: string; body: string }): void;
}

export interface NotificationsOptions {
  notifier: Notifier;
  enabled: () => boolean;
  toast: (t: Toast) => void;
}

export class Notifications {
  constructor(private readonly options: NotificationsOptions) {}

  downloadStarted(filename: string): void {
    this.os('Someone is downloading', filename);
  }

  uploadFinished(filename: string): void {
    this.os('Upload finished', filename);
    this.toast('success', `${filename} is uploaded.`, undefined, {
      key: 'uploaded',
      name: filename,
    });
  }

  uploadFailed(filename: string, error: AppErrorView): void {
    this.os(`${filename}: ${error.message}`, error.action);
    this.toast('error', `${filename}: ${error.message}`, error.action);
  }

  error(error: AppErrorView): void {
    this.toast('error', error.message, error.action);
  }

  info(message: string): void {
    this.toast('info', message);
  }

  /** A problem outside any upload (a shortcut taken, a tray action that failed), shown in
   * the window and, since the window may be closed, by the OS too. */
  problem(message: string, action?: string): void {
    this.os(message, action ?? '');
    this.toast('error', message, action);
  }

  private os(title: string, body: string): void {
    if (this.options.enabled()) this.options.notifier.show({ title, body });
  }

  private toast(kind: ToastKind, message: string, action?: string, group?: ToastGroup): void {
    this.options.toast({
      id: randomUUID(),
      kind,
      message,
      ...(action ? { action } : {}),
      ...(group ? { group } : {}),
    });
  }
}
