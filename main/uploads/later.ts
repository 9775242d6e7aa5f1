/** Runs callbacks after a growing pause (backoff with jitter); all can be cancelled at once. */
import { backoffDelay, type BackoffOptions } from '../live/backoff';

export class Later {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly backoff: BackoffOptions) {}

  /** Calls `fn` after the pause for the `attempt`-th try (1-based). */
  schedule(attempt: number, fn: () => void): void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        fn();
      },
      backoffDelay(attempt - 1, this.backoff),
    );
    timer.unref(); // a pending retry never keeps the process alive
    this.timers.add(timer);
  }

  cancelAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
