/**
 * Builds window.api in a plain browser page over Playwright bindings (see e2e/harness.ts):
 * commands go to the `__gettInvoke` binding (the harness validates them exactly as the app's
 * IPC registration does), events arrive through `__gettE2E.emit`, and dropped File objects map
 * to real paths through a registry the harness's drop helper fills. Injected as an init script
 * before the renderer's bundle runs, like the preload.
 */
import type { EventChannel, EventContract } from '../shared/ipc';
import { createApi, type Transport } from '../preload/api';

type Listener = (payload: unknown) => void;

interface HarnessHooks {
  /** Delivers one event from main, as webContents.send would. */
  emit(channel: EventChannel, payload: unknown): number;
  /** How many listeners the renderer has on a channel (the bridge has started when > 0). */
  listening(channel: EventChannel): number;
  /** Remembers the real path of a File the drop helper created. */
  registerFile(file: File, path: string): void;
}

declare global {
  interface Window {
    __gettInvoke?: (channel: string, payload: unknown) => Promise<unknown>;
    __gettE2E?: HarnessHooks;
  }
}

const listeners = new Map<EventChannel, Set<Listener>>();
const paths = new WeakMap<File, string>();

const transport: Transport = {
  invoke: async (channel, payload) => {
    const invoke = window.__gettInvoke;
    if (!invoke)
      throw new Error('The e2e harness did not expose __gettInvoke before the page ran.');
    return (await invoke(channel, payload)) as never;
  },
  on: <K extends EventChannel>(channel: K, listener: (payload: EventContract[K]) => void) => {
    const set = listeners.get(channel) ?? new Set<Listener>();
    listeners.set(channel, set);
    const wrapped: Listener = (p) => listener(p as EventContract[K]);
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  },
  // Like webUtils.getPathForFile: an empty string for a File that has no path on disk.
  pathForFile: (file) => paths.get(file) ?? '',
};

const hooks: HarnessHooks = {
  emit: (channel, payload) => {
    const set = listeners.get(channel);
    for (const l of set ?? []) l(payload);
    return set?.size ?? 0;
  },
  listening: (channel) => listeners.get(channel)?.size ?? 0,
  registerFile: (file, path) => {
    paths.set(file, path);
  },
};

// Frozen and read-only, as contextBridge makes the preload's API.
Object.defineProperty(window, 'api', { value: Object.freeze(createApi(transport)) });
Object.defineProperty(window, '__gettE2E', { value: Object.freeze(hooks) });
