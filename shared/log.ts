/** A namespaced logger; each process provides its own sink. */
export interface Logger {
  debug(message: string, data?: unknown): void;
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
  child(namespace: string): Logger;
}

/** A logger that discards everything: the default where nobody is listening. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

/** Marks a promise as intentionally not awaited; failures are still reported. */
export function drop(promise: Promise<unknown>, onError?: (err: unknown) => void): void {
  promise.catch((err: unknown) => onError?.(err));
}
