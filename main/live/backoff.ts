/** Reconnect delays: exponential with jitter, so many clients do not return in lockstep. */
export interface BackoffOptions {
  minMs: number;
  maxMs: number;
}

export const defaultBackoff: BackoffOptions = { minMs: 500, maxMs: 30_000 };

/** Delay before attempt `n` (0-based): half fixed, half random, capped at `maxMs`. */
export function backoffDelay(n: number, opts: BackoffOptions, random = Math.random): number {
  const ceiling = Math.min(opts.maxMs, opts.minMs * 2 ** Math.min(n, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
