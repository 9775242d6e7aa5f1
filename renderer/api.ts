/** The renderer's only way to main: the preload's named API on `window.api`. */
import type { Api } from '../preload/api';

declare global {
  interface Window {
    api: Api;
  }
}

export type { Api };

/** The API the preload exposed; throws a readable error when the page runs without it. */
export function getApi(): Api {
  if (typeof window === 'undefined' || !('api' in window) || !window.api) {
    throw new Error('The app bridge is missing: open this window from Gett Desktop.');
  }
  return window.api;
}

/** Message of a rejected command, for people; IPC prefixes are removed. */
export function errorMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  // Electron wraps rejections as "Error invoking remote method 'x': Error: message".
  const match = /^Error invoking remote method '[^']+': (?:\w*Error: )?(.*)$/s.exec(raw);
  return (match?.[1] ?? raw).trim() || 'Something went wrong.';
}
