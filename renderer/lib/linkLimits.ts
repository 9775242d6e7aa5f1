/** Expiry and download-limit choices and checks, shared by Settings and the link options dialog. */
import { MAX_DOWNLOAD_LIMIT } from '../../shared/ipc';

const HOUR = 3600;
const DAY = 86_400;

/** Lifetimes offered for links, in seconds (0 = never expire). */
export const expiryChoices: readonly { seconds: number; label: string }[] = [
  { seconds: 0, label: 'Never' },
  { seconds: HOUR, label: '1 hour' },
  { seconds: DAY, label: '1 day' },
  { seconds: 3 * DAY, label: '3 days' },
  { seconds: 7 * DAY, label: '1 week' },
  { seconds: 14 * DAY, label: '2 weeks' },
  { seconds: 30 * DAY, label: '30 days' },
];

/** The label of a lifetime in seconds, for one that is not among the choices too. */
export function expiryLabel(seconds: number): string {
  const known = expiryChoices.find((c) => c.seconds === seconds);
  if (known) return known.label;
  if (seconds % DAY === 0) return `${seconds / DAY} days`;
  if (seconds % HOUR === 0) return `${seconds / HOUR} hours`;
  return `${Math.round(seconds / 60)} minutes`;
}

/** Parses a download limit typed by a person: empty = no limit (0), else 1 to 1,000,000. */
export function parseDownloadLimit(text: string): { limit: number } | { error: string } {
  const value = text.trim().replace(/[\s,_]/g, '');
  if (value === '') return { limit: 0 };
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_DOWNLOAD_LIMIT) {
    return {
      error: `Enter a whole number of downloads from 1 to ${MAX_DOWNLOAD_LIMIT.toLocaleString('en-US')}, or leave it empty for no limit.`,
    };
  }
  return { limit: Number(value) };
}

/** "3 days", "5 hours", "12 minutes" left until unix seconds; "expired" once past. */
export function timeLeft(expires: number, nowMs: number = Date.now()): string {
  const s = expires - nowMs / 1000;
  if (s <= 0) return 'expired';
  if (s < 60) return 'less than a minute';
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (s < HOUR) return plural(Math.ceil(s / 60), 'minute');
  if (s < 2 * DAY) return plural(Math.round(s / HOUR), 'hour');
  return plural(Math.round(s / DAY), 'day');
}

/** "Expires in 3 days" / "Expired" for a share row. */
export function expiryText(expires: number, nowMs: number = Date.now()): string {
  return expires * 1000 <= nowMs ? 'Expired' : `Expires in ${timeLeft(expires, nowMs)}`;
}

/** "1 download left", "No downloads left". */
export function downloadsLeftText(left: number): string {
  if (left <= 0) return 'No downloads left';
  return `${left.toLocaleString('en-US')} download${left === 1 ? '' : 's'} left`;
}
