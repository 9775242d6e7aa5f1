/**
 * window.api for the render benchmark: createApi over an in-page transport that answers with
 * one share of `window.__benchFiles` uploaded files (and a signed-in account). Injected before
 * the renderer's bundle runs, like the preload. Also records when the first file row appears.
 */
import { createApi, type BridgeApi, type Transport } from '../../preload/api';
import type { InvokeChannel } from '../../shared/ipc';
import {
  defaultSettings,
  type AccountView,
  type FileView,
  type Settings,
  type ShareView,
} from '../../shared/model';

declare global {
  interface Window {
    api: BridgeApi;
    __benchFiles?: number;
    /** When set: a history of this many shares of 3 files each, instead of one big share. */
    __benchShares?: number;
    __benchFirstRow?: number;
  }
}

const count = window.__benchFiles ?? 10_000;
const origin = 'http://127.0.0.1:1';
const created = 1_790_000_000;

function shareOf(sharename: string, title: string, files: number, at: number): ShareView {
  return {
    sharename,
    title,
    getturl: `${origin}/${sharename}`,
    created: at,
    files: Array.from({ length: files }, (_, i): FileView => ({
      sharename,
      fileid: String(i),
      filename: `photo-${String(i).padStart(5, '0')}.jpg`,
      size: 1_000_000 + i,
      readystate: 'uploaded',
      created: at + i,
      getturl: `${origin}/${sharename}/v/${i}`,
      downloads: i % 7,
    })),
  };
}

const shares: ShareView[] =
  window.__benchShares === undefined
    ? [shareOf('bench', 'Bench', count, created)]
    : Array.from({ length: window.__benchShares }, (_, i) =>
        shareOf(`bench${i}`, `Holiday ${i}`, 3, created - i * 3600),
      );
const account: AccountView = {
  signedIn: true,
  mode: 'embedded',
  serverUrl: origin,
  email: 'bench@example.test',
  fullname: 'Bench',
  storage: { used: 0, limit: 10 ** 12, extra: 0 },
};
const settings: Settings = {
  ...defaultSettings,
  server: { ...defaultSettings.server, address: '127.0.0.1' },
  uploadConcurrency: 3,
  notifications: false,
  globalShortcut: '',
  screenshotShortcut: '',
};
const answers: Partial<Record<InvokeChannel, unknown>> = {
  'account:get': account,
  'shares:list': shares,
  'settings:get': settings,
};

const transport: Transport = {
  invoke: (channel) =>
    Promise.resolve(
      (channel in answers
        ? { ok: true, value: answers[channel] }
        : {
            ok: false,
            error: { code: 'unknown', message: `${channel} is not part of the render benchmark` },
          }) as never,
    ),
  on: () => () => undefined,
  pathForFile: () => '',
};
window.api = createApi(transport);

const observer = new MutationObserver(() => {
  if (document.querySelector('[data-testid="file-row"]')) {
    window.__benchFirstRow = performance.now();
    observer.disconnect();
  }
});
observer.observe(document, { childList: true, subtree: true });
