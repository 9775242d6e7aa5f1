/** Human-readable sizes, speeds and times for the share list (sizes: shared/format.ts). */
import { formatBytes } from '../../shared/format';

export { formatBytes };

export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(Math.max(0, bytesPerSecond))}/s`;
}

/** Time left, e.g. "12 s left", "3 min left", "1 h 5 min left"; null when unknown. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return 'calculating…';
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s left`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min left`;
  return `${Math.floor(min / 60)} h ${min % 60} min left`;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "just now", "5 minutes ago", "yesterday" from unix seconds. */
export function formatRelative(unixSeconds: number, nowMs: number = Date.now()): string {
  const diff = Math.round(unixSeconds - nowMs / 1000);
  const abs = Math.abs(diff);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(diff / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(diff / 3600), 'hour');
  if (abs < 30 * 86_400) return relative.format(Math.round(diff / 86_400), 'day');
  return new Date(unixSeconds * 1000).toLocaleDateString();
}

/** Absolute date for tooltips. */
export function formatDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleString();
}

export function percent(bytes: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((bytes / total) * 100)));
}
