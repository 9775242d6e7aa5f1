/**
 * Failed-login limiter: at most `max` failures per account and per account+address within a
 * sliding window. Kept in memory; a restart forgives, which is acceptable for this threat.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max = 10,
    private readonly windowMs = 15 * 60 * 1000,
    private readonly perAccountMax = 50,
  ) {}

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (times.length) this.failures.set(key, times);
    else this.failures.delete(key);
    return times;
  }

  /** True while the account (from this address, or from anywhere) is locked out. */
  blocked(account: string, address: string, now = Date.now()): boolean {
    const acct = account.toLowerCase();
    return (
      this.recent(`${acct}\n${address}`, now).length >= this.max ||
      this.recent(acct, now).length >= this.perAccountMax
    );
  }

  fail(account: string, address: string, now = Date.now()): void {
    // Many distinct accounts must not grow the table for ever: drop what has expired.
    if (this.failures.size > 10_000)
      for (const key of [...this.failures.keys()]) this.recent(key, now);
    const acct = account.toLowerCase();
    for (const key of [`${acct}\n${address}`, acct]) {
      this.failures.set(key, [...this.recent(key, now), now]);
    }
  }

  succeed(account: string, address: string): void {
    this.failures.delete(`${account.toLowerCase()}\n${address}`);
  }
}
