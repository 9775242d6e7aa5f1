/**
 * A stand-in for the preload boundary in jsdom: records every command, answers with the
 * handler a test sets, and lets tests emit events as main would. It is not a fake server.
 * Like main's dispatch, it answers with result envelopes (a handler's throw becomes
 * `{ok: false, error: {code, message}}`), so `getApi()` unwraps them as in the app.
 */
import type { Api } from '../api';
import type { BridgeApi } from '../../preload/api';
import {
  settle,
  unwrapApi,
  type EventChannel,
  type EventContract,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
  type IpcResult,
} from '../../shared/ipc';

type Handler<K extends InvokeChannel> = (
  payload: InvokeRequest<K>,
) => InvokeResponse<K> | Promise<InvokeResponse<K>>;

export interface Call {
  channel: InvokeChannel;
  payload: unknown;
}

export interface FakeApi {
  /** What the preload puts on `window.api`: commands answer with envelopes. */
  bridge: BridgeApi;
  /** The bridge as renderer code sees it through `getApi()`. */
  api: Api;
  calls: Call[];
  callsTo<K extends InvokeChannel>(channel: K): InvokeRequest<K>[];
  handle<K extends InvokeChannel>(channel: K, handler: Handler<K>): void;
  emit<K extends EventChannel>(channel: K, payload: EventContract[K]): void;
  listenerCount(channel: EventChannel): number;
  /** Paths returned by files.pathFor, by file name. */
  paths: Map<string, string>;
}

export function createFakeApi(): FakeApi {
  const calls: Call[] = [];
  const handlers = new Map<InvokeChannel, (payload: unknown) => unknown>();
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const paths = new Map<string, string>();

  const invoke = <K extends InvokeChannel>(channel: K) =>
    ((payload?: InvokeRequest<K>) => {
      calls.push({ channel, payload });
      const handler = handlers.get(channel);
      return settle(async () => {
        if (!handler) throw new Error(`no handler for ${channel} in this test`);
        return await handler(payload);
      });
    }) as (payload: InvokeRequest<K>) => Promise<IpcResult<InvokeResponse<K>>>;
  const invoke0 = <K extends InvokeChannel>(channel: K) =>
    (() => invoke(channel)(undefined as InvokeRequest<K>)) as () => Promise<
      IpcResult<InvokeResponse<K>>
    >;
  const on =
    <K extends EventChannel>(channel: K) =>
    (listener: (payload: EventContract[K]) => void) => {
      const set = listeners.get(channel) ?? new Set();
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      listeners.set(channel, set);
      return () => void set.delete(wrapped);
    };

  const bridge: BridgeApi = {
    account: {
      get: invoke0('account:get'),
      signInRemote: invoke('account:signInRemote'),
      useEmbedded: invoke0('account:useEmbedded'),
      signOut: invoke0('account:signOut'),
      onChanged: on('account:changed'),
    },
    shares: {
      list: invoke0('shares:list'),
      drop: invoke('shares:drop'),
      chooseFiles: invoke('shares:chooseFiles'),
      shareClipboard: invoke0('shares:shareClipboard'),
      rename: invoke('shares:rename'),
      setLinks: invoke('shares:setLinks'),
      remove: invoke('shares:delete'),
      removeFile: invoke('files:delete'),
      onChanged: on('shares:changed'),
    },
    uploads: {
      pause: invoke('uploads:pause'),
      resume: invoke('uploads:resume'),
      cancel: invoke('uploads:cancel'),
      retry: invoke('uploads:retry'),
      pauseAll: invoke0('uploads:pauseAll'),
      resumeAll: invoke0('uploads:resumeAll'),
      onProgress: on('uploads:progress'),
    },
    live: {
      status: invoke0('live:status'),
      onStatus: on('live:status'),
      onDownload: on('live:download'),
    },
    links: {
      copy: invoke('links:copy'),
      copyAs: invoke('links:copyAs'),
      open: invoke('links:open'),
    },
    settings: {
      get: invoke0('settings:get'),
      set: invoke('settings:set'),
      onChanged: on('settings:changed'),
    },
    downloads: { list: invoke0('downloads:list'), onChanged: on('downloads:changed') },
    updates: {
      get: invoke0('update:get'),
      restart: invoke0('update:restart'),
      onChanged: on('update:changed'),
    },
    toasts: { onShow: on('toast:show') },
    files: {
      pathFor: (file: File) => paths.get(file.name) ?? '',
    },
  };

  return {
    bridge,
    api: unwrapApi(bridge),
    calls,
    callsTo: <K extends InvokeChannel>(channel: K) =>
      calls.filter((c) => c.channel === channel).map((c) => c.payload as InvokeRequest<K>),
    handle: (channel, handler) => handlers.set(channel, handler as (payload: unknown) => unknown),
    emit: (channel, payload) => {
      for (const l of listeners.get(channel) ?? []) l(payload);
    },
    listenerCount: (channel) => listeners.get(channel)?.size ?? 0,
    paths,
  };
}
