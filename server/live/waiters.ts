/**
 * Downloaders waiting for a `remote` file's uploader to start. The blob GET parks here after
 * the owner was told (`download`); an upload start releases every waiter of that file.
 */
export type WaitOutcome = 'started' | 'timeout' | 'aborted';

interface Waiter {
  resolve(outcome: WaitOutcome): void;
}

export const fileKey = (sharename: string, fileid: string): string => `${sharename}/${fileid}`;

export class UploadWaiters {
  readonly #byFile = new Map<string, Set<Waiter>>();

  /** Waits until `started(key)`, the timeout, or the signal, whichever comes first. */
  wait(key: string, timeoutMs: number, signal?: AbortSignal): Promise<WaitOutcome> {
    if (signal?.aborted) return Promise.resolve('aborted');
    return new Promise((resolve) => {
      let set = this.#byFile.get(key);
      if (!set) this.#byFile.set(key, (set = new Set()));
      const waiters = set;
      const settle = (outcome: WaitOutcome): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        waiters.delete(waiter);
        if (waiters.size === 0 && this.#byFile.get(key) === waiters) this.#byFile.delete(key);
        resolve(outcome);
      };
      const waiter: Waiter = { resolve: settle };
      const onAbort = (): void => settle('aborted');
      const timer = setTimeout(() => settle('timeout'), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      waiters.add(waiter);
    });
  }

  /** Releases every downloader waiting for this file. */
  started(key: string): void {
    for (const waiter of [...(this.#byFile.get(key) ?? [])]) waiter.resolve('started');
  }

  /** Files that have someone waiting (to repeat `download` when their uploader reconnects). */
  pendingKeys(): string[] {
    return [...this.#byFile.keys()];
  }

  /** Ends every wait (server shutdown). */
  abortAll(): void {
    for (const set of [...this.#byFile.values()]) {
      for (const waiter of [...set]) waiter.resolve('aborted');
    }
  }
}
