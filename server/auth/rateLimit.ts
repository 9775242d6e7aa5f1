/**
 * Sliding-window counters for the limits on logins, sign-ups and lookups. Kept in memory: a
 * restart forgives, which is acceptable for these threats. Memory is bounded whatever the
 * callers send: each key keeps at most `max` times, and the table at most `maxKeys` keys
 * (the least recently counted go first).
 */
export class WindowCounter {
  private readonly events = new Map<string, number[]>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly maxKeys = 50_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const times = (this.events.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (times.length) this.events.set(key, times);
    else this.events.delete(key);
    return times;
  }

  /** True once `max` events happened within the window (a `max` of 0 never fills). */
  full(key: string, now = Date.now()): boolean {
    return this.max > 0 && this.recent(key, now).length >= this.max;
  }

  /** Seconds until the key is below its limit again (at least 1). */
  retryAfter(key: string, now = Date.now()): number {
    const oldest = this.recent(key, now)[0] ?? now;
    return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
  }

  add(key: string, now = Date.now()): void {
    if (this.max <= 0) return;
    const times = [...this.recent(key, now), now].slice(-this.max);
    this.events.delete(key); // re-inserted last: the Map's order is least recently counted first
    this.events.set(key, times);
    if (this.events.size > this.maxKeys) {
      for (const k of [...this.events.keys()]) this.recent(k, now);
      for (const k of this.events.keys()) {
        if (this.events.size <= this.maxKeys) break;
        this.events.delete(k);
      }
    }
  }

  /** Takes back the latest event of `key` (one that turned out not to count). */
  undo(key: string): void {
    this.events.get(key)?.pop();
  }

  clear(key: string): void {
    this.events.delete(key);
  }

  get size(): number {
    return this.events.size;
  }
}

export interface LoginLimits {
  /** Failures per account from one address. */
  readonly perAccountAddress: number;
  /** Failures per account from anywhere. */
  readonly perAccount: number;
  /** Failures from one address, whichever accounts (known or not) they named. */
  readonly perAddress: number;
  readonly windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAccountAddress: 10,
  perAccount: 50,
  perAddress: 50,
  windowMs: 15 * 60 * 1000,
};

/**
 * Failed-login limiter. `identity` must be the normalized email (identity.ts) and `address`
 * the address key, so no spelling of either gets fresh tries.
 */
export class LoginLimiter {
  private readonly pair: WindowCounter;
  private readonly account: WindowCounter;
  private readonly address: WindowCounter;

  constructor(limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {
    this.pair = new WindowCounter(limits.perAccountAddress, limits.windowMs);
    this.account = new WindowCounter(limits.perAccount, limits.windowMs);
    this.address = new WindowCounter(limits.perAddress, limits.windowMs);
  }

  /** True while the account (from this address, or from anywhere) or the address is locked out. */
  blocked(identity: string, address: string, now = Date.now()): boolean {
    return (
      this.pair.full(`${identity}\n${address}`, now) ||
      this.account.full(identity, now) ||
      this.address.full(address, now)
    );
  }

  fail(identity: string, address: string, now = Date.now()): void {
    this.pair.add(`${identity}\n${address}`, now);
    this.account.add(identity, now);
    this.address.add(address, now);
  }

  succeed(identity: string, address: string): void {
    this.pair.clear(`${identity}\n${address}`);
  }

  /** Seconds until every counter that blocks `identity` from `address` lets it try again. */
  retryAfter(identity: string, address: string, now = Date.now()): number {
    const waits = [
      [this.pair, `${identity}\n${address}`],
      [this.account, identity],
      [this.address, address],
    ] as const;
    return Math.max(
      1,
      ...waits.filter(([c, key]) => c.full(key, now)).map(([c, key]) => c.retryAfter(key, now)),
    );
  }
}

/**
 * Wrong share passwords (`POST /1/shares/<s>/unlock` and the recipient page's form), with the
 * login limiter's machinery: per share from one address, per share from anywhere, and per
 * address across shares. The share name stands where logins have the email.
 */
export const DEFAULT_UNLOCK_LIMITS: LoginLimits = {
  perAccountAddress: 10,
  perAccount: 50,
  perAddress: 50,
  windowMs: 15 * 60 * 1000,
};
