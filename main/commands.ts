/**
 * The handler for every command of the IPC contract. Failures become IpcErrors whose message
 * says what happened and what to do, so the renderer can show them as they are.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appErrors } from '../shared/errors';
import { IpcError, type RemoteSignIn } from '../shared/ipc';
import { linkText } from '../shared/linkText';
import type {
  AccountView,
  ConnectionStatus,
  DownloadView,
  DropResult,
  LinkOptions,
  UpdateView,
} from '../shared/model';
import { toErrorView } from './api';
import type { Handlers } from './ipc/handle';
import type { ServerSession } from './session/serverSession';
import type { SettingsService } from './settings/settings';
import type { Shell } from './shell';

export interface CommandDeps extends Shell {
  settings: SettingsService;
  userDataDir: string;
  account(): AccountView;
  /** The signed-in session; throws a "signed out" error when there is none. */
  session(): ServerSession;
  hasSession(): boolean;
  /** The live connection's latest state, for a window that opens after it was pushed. */
  liveStatus(): ConnectionStatus;
  signInRemote(c: RemoteSignIn): Promise<AccountView>;
  useEmbedded(): Promise<AccountView>;
  signOut(): Promise<AccountView>;
  copied(text: string): void;
  /** Storage use changed (files deleted): re-read the account. */
  accountChanged(): void;
  /** Downloads of gett:// links, newest last. */
  downloads(): readonly DownloadView[];
  update(): UpdateView;
  /** "Restart to update": now, or once the uploads have drained. */
  restartToUpdate(): UpdateView;
}

export function buildHandlers(d: CommandDeps): Handlers {
  const drop = async (
    paths: string[],
    sharename?: string,
    encrypt?: boolean,
    links?: LinkOptions,
  ): Promise<DropResult> => {
    const result = await d
      .session()
      .queue.drop(paths, sharename, links ?? {}, encrypt ?? d.settings.get().encryptShares);
    d.copied(result.copied);
    return result;
  };
  const handlers: Handlers = {
    'account:get': () => Promise.resolve(d.account()),
    'account:signInRemote': (c) => d.signInRemote(c),
    'account:useEmbedded': () => d.useEmbedded(),
    'account:signOut': () => d.signOut(),

    // Empty while signed out or still signing in; `shares:changed` follows once there is a list.
    'shares:list': () => Promise.resolve(d.hasSession() ? d.session().model.views() : []),
    'shares:drop': ({ paths, sharename, encrypt, links }) => drop(paths, sharename, encrypt, links),
    'shares:chooseFiles': async ({ sharename, encrypt }) => {
      d.session(); // signed out: say so before asking for files
      const paths = await d.dialog.chooseFiles();
      return paths.length > 0 ? drop(paths, sharename, encrypt) : null;
    },
    'shares:shareClipboard': async () => {
      const path = await clipboardAsFiles(d);
      return path ? drop(path) : null;
    },
    'shares:rename': ({ sharename, title }) => d.session().model.rename(sharename, title),
    'shares:setLinks': ({ sharename, links }) => d.session().model.setLinks(sharename, links),
    'shares:delete': async ({ sharename }) => {
      const s = d.session();
      await s.model.remove(sharename);
      s.queue.forget((f) => f.sharename === sharename);
      d.accountChanged();
    },
    'files:delete': async ({ sharename, fileid }) => {
      const s = d.session();
      await s.model.removeFile(sharename, fileid);
      s.queue.forget((f) => f.sharename === sharename && f.fileid === fileid);
      d.accountChanged();
    },

    'uploads:pause': (ref) => Promise.resolve(d.session().queue.pause(ref)),
    'uploads:resume': (ref) => Promise.resolve(d.session().queue.resume(ref)),
    'uploads:cancel': (ref) => d.session().queue.cancel(ref),
    'uploads:retry': (ref) => Promise.resolve(d.session().queue.retry(ref)),
    'uploads:pauseAll': () => Promise.resolve(d.session().queue.pauseAll()),
    'uploads:resumeAll': () => Promise.resolve(d.session().queue.resumeAll()),

    'live:status': () => Promise.resolve(d.liveStatus()),

    'links:copy': async ({ text }) => {
      await d.clipboard.writeText(text);
      d.copied(text);
    },
    'links:copyAs': async ({ sharename, fileid, format }) => {
      const share = d
        .session()
        .model.views()
        .find((s) => s.sharename === sharename);
      const made = share && linkText(format, share, fileid);
      if (!made) {
        const { message, action } = appErrors.notFound;
        throw new IpcError(`${message} ${action}`, 'notFound');
      }
      await d.clipboard.writeText(made.text);
      d.copied(made.links.join('\n'));
      return made.text;
    },
    'links:open': async ({ url }) => {
      await d.shell.openExternal(url);
    },

    'downloads:list': () => Promise.resolve([...d.downloads()]),
    'update:get': () => Promise.resolve(d.update()),
    'update:restart': () => Promise.resolve().then(() => d.restartToUpdate()),

    'settings:get': () => Promise.resolve(d.settings.get()),
    'settings:set': (patch) => Promise.resolve(d.settings.set(patch)),
  };
  return withPeopleErrors(handlers);
}

/** What is on the clipboard, as files to share: copied files, else an image, else text. */
async function clipboardAsFiles(d: CommandDeps): Promise<string[] | null> {
  const paths = await d.clipboard.readFilePaths();
  if (paths.length > 0) return paths;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = join(d.userDataDir, 'clipboard');
  const image = await d.clipboard.readImagePng();
  const text = image ? null : await d.clipboard.readText();
  if (!image && !text) return null;
  await mkdir(dir, { recursive: true });
  const file = join(dir, image ? `Clipboard image ${stamp}.png` : `Clipboard text ${stamp}.txt`);
  await writeFile(file, image ?? text ?? '');
  return [file];
}

/** Wraps each handler so any failure reaches the renderer as a clear IpcError. */
function withPeopleErrors(h: Handlers): Handlers {
  const wrapped: Record<string, (p: unknown) => Promise<unknown>> = {};
  for (const [channel, fn] of Object.entries(h) as [string, (p: unknown) => Promise<unknown>][]) {
    wrapped[channel] = async (payload) => {
      try {
        return await fn(payload);
      } catch (err) {
        throw toIpcError(err);
      }
    };
  }
  return wrapped as Handlers;
}

export function toIpcError(err: unknown): IpcError {
  if (err instanceof IpcError) return err;
  const v = toErrorView(err);
  const detail = v.detail ? ` (${v.detail})` : '';
  return new IpcError(`${v.message} ${v.action}${detail}`, v.code);
}
