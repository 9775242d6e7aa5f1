/**
 * The renderer's whole view of main: named functions per feature, built from the shared
 * contract over any transport (Electron IPC in the app, Playwright bindings in e2e).
 * No generic invoke or send is exposed. Commands resolve to result envelopes (`IpcResult`):
 * the context bridge copies plain data whole but keeps only an Error's message, so the
 * renderer's `getApi()` turns a failure back into an `IpcError` with its code (`unwrapApi`).
 */
import type {
  EventChannel,
  EventContract,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
  IpcResult,
  Unwrapped,
} from '../shared/ipc';

export interface Transport {
  invoke<K extends InvokeChannel>(
    channel: K,
    payload: InvokeRequest<K>,
  ): Promise<IpcResult<InvokeResponse<K>>>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends EventChannel>(channel: K, listener: (payload: EventContract[K]) => void): () => void;
  /** The real path of a dropped or pasted file. */
  pathForFile(file: File): string;
}

export function createApi(t: Transport) {
  const call =
    <K extends InvokeChannel>(channel: K) =>
    (payload: InvokeRequest<K>) =>
      t.invoke(channel, payload);
  const call0 =
    <K extends InvokeChannel>(channel: K) =>
    () =>
      t.invoke(channel, undefined as InvokeRequest<K>);
  const on =
    <K extends EventChannel>(channel: K) =>
    (listener: (payload: EventContract[K]) => void) =>
      t.on(channel, listener);

  return {
    account: {
      get: call0('account:get'),
      signInRemote: call('account:signInRemote'),
      useEmbedded: call0('account:useEmbedded'),
      signOut: call0('account:signOut'),
      onChanged: on('account:changed'),
    },
    shares: {
      list: call0('shares:list'),
      drop: call('shares:drop'),
      chooseFiles: call('shares:chooseFiles'),
      shareClipboard: call0('shares:shareClipboard'),
      rename: call('shares:rename'),
      setLinks: call('shares:setLinks'),
      remove: call('shares:delete'),
      removeFile: call('files:delete'),
      onChanged: on('shares:changed'),
    },
    uploads: {
      pause: call('uploads:pause'),
      resume: call('uploads:resume'),
      cancel: call('uploads:cancel'),
      retry: call('uploads:retry'),
      pauseAll: call0('uploads:pauseAll'),
      resumeAll: call0('uploads:resumeAll'),
      onProgress: on('uploads:progress'),
    },
    live: {
      /** The live connection's state now; `onStatus` tells of every change after. */
      status: call0('live:status'),
      onStatus: on('live:status'),
      onDownload: on('live:download'),
    },
    links: {
      copy: call('links:copy'),
      /** Copies a share's or file's link as plain, Markdown, HTML or all links; answers the text. */
      copyAs: call('links:copyAs'),
      open: call('links:open'),
    },
    settings: {
      get: call0('settings:get'),
      set: call('settings:set'),
      onChanged: on('settings:changed'),
    },
    downloads: {
      list: call0('downloads:list'),
      onChanged: on('downloads:changed'),
    },
    updates: {
      get: call0('update:get'),
      restart: call0('update:restart'),
      onChanged: on('update:changed'),
    },
    toasts: {
      onShow: on('toast:show'),
    },
    files: {
      pathFor: (file: File) => t.pathForFile(file),
    },
  };
}

/** The type of `window.api` in the renderer: what crosses the context bridge. */
export type BridgeApi = ReturnType<typeof createApi>;
/** The API renderer code calls (`getApi()`): commands resolve to values, reject with `IpcError`. */
export type Api = Unwrapped<BridgeApi>;
