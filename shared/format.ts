/**
 * Sizes as people read them, in the app and on the recipient pages alike: decimal units
 * (1 kB = 1000 B) as file managers on macOS and GNOME show them, e.g. "999 B", "1.5 kB", "250 MB".
 */
const units = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}
