/** Small statistics over samples: medians for figures, percentiles for latencies. */

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

export const MiB = 2 ** 20;

/** Megabytes per second from bytes and milliseconds. */
export const mibPerSec = (bytes: number, ms: number): number => bytes / MiB / (ms / 1000);

/**
 * Milliseconds on a clock every process on the machine shares (the time origin plus the
 * monotonic offset), so an uploader and downloaders in other processes can be compared.
 */
export const sharedNow = (): number => performance.timeOrigin + performance.now();
