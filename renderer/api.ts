/** The renderer's only way to main: the preload's named API on `window.api`. */
import { IpcError, unwrapApi } from '../shared/ipc';
import type { Api, BridgeApi } from '../preload/api';

declare global {
  interface Window {
    api: BridgeApi;
  }
}

export type { Api };

// One unwrapped API per bridge object (tests put a new one on `window` for each render).
const unwrapped = new WeakMap<BridgeApi, Api>();

/**
 * The API the preload exposed, with commands that resolve to their values and reject with an
 * `IpcError` that keeps main's code; throws a readable error when the page runs without it.
 */
export function getApi(): Api {
  if (typeof window === 'undefined' || !('api' in window) || !window.api) {
    throw new Error('The app bridge is missing: open this window from Gett Desktop.');
  }
  const bridge = window.api;
  let api = unwrapped.get(bridge);
  if (!api) {
    api = unwrapApi(bridge);
    unwrapped.set(bridge, api);
  }
  return api;
}

/** Message of a rejected command, for people. */
export function errorMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  return raw.trim() || 'Something went wrong.';
}

/** The code main gave a rejected command (an `AppErrorCode` or an IPC code), if any. */
export function errorCode(err: unknown): string | null {
  return err instanceof IpcError ? err.code : null;
}
