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
  /** Files finishing (or downloads starting) this close together make one notification. */
  coalesceMs?: number;
}

/** Names shown in a joined notification before "and N more". */
const LISTED = 3;

/** "a", "a and b", "a, b and c", "a, b, c and 2 more". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length <= LISTED) return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${names.slice(0, LISTED).join(', ')} and ${names.length - LISTED} more`;
}

/** Events of one kind waiting to be shown as one notification. */
interface Pending {
  names: string[];
  timer: ReturnType<typeof setTimeout>;
}

export class Notifications {
  private readonly pending = new Map<'uploaded' | 'downloading', Pending>();

  constructor(private readonly options: NotificationsOptions) {}

  downloadStarted(filename: string): void {
    this.joined('downloading', filename);
  }

  uploadFinished(filename: string): void {
    // One drop of many files finishes in a burst: one OS notification for the burst.
    this.joined('uploaded', filename);
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

  /** Something asked for from outside the window is done (a link's files saved). */
  done(title: string, body: string): void {
    this.os(title, body);
    this.toast('success', `${title}: ${body}`);
  }

  /** A problem outside any upload (a shortcut taken, a tray action that failed), shown in
   * the window and, since the window may be closed, by the OS too. */
  problem(message: string, action?: string): void {
    this.os(message, action ?? '');
    this.toast('error', message, action);
  }

  /**
   * Joins events of one kind that come within `coalesceMs` of each other. A finished upload
   * waits for the rest of its burst (one drop finishes together). A download is shown at once
   * (the uploader hears the moment it starts); more in the same burst follow as one.
   */
  private joined(kind: 'uploaded' | 'downloading', name: string): void {
    const wait = this.options.coalesceMs ?? 1000;
    const p = this.pending.get(kind);
    const leading = kind === 'downloading';
    if (!p && leading) this.os('Someone is downloading', name);
    if (p) clearTimeout(p.timer);
    const names = p ? [...p.names, name] : leading ? [] : [name];
    const timer = setTimeout(() => {
      this.pending.delete(kind);
      if (names.length === 0) return;
      if (kind === 'downloading') {
        this.os(`Someone is downloading ${names.length} more`, listNames(names));
      } else if (names.length === 1) {
        this.os('Upload finished', names[0]!);
      } else {
        this.os(`${names.length} uploads finished`, listNames(names));
      }
    }, wait);
    timer.unref?.();
    this.pending.set(kind, { names, timer });
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
