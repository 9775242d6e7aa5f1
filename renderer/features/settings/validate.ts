/** Checks of the settings forms; each returns a message for people, or null when fine. */

export function checkUrl(url: string): string | null {
  const value = url.trim();
  if (value === '') return 'Enter the server address, e.g. https://files.example.com.';
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return 'That is not a web address. It should look like https://files.example.com.';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return 'The address must start with http:// or https://.';
  }
  return null;
}

export function checkRequired(value: string, what: string): string | null {
  return value.trim() === '' ? `Enter your ${what}.` : null;
}

export function checkEmail(email: string): string | null {
  if (email.trim() === '') return 'Enter your email address.';
  return /^[^\s@]+@[^\s@]+$/.test(email.trim()) ? null : 'That email address looks incomplete.';
}

export function checkPort(port: string): string | null {
  if (!/^\d+$/.test(port.trim())) return 'The port is a whole number from 0 to 65535.';
  const n = Number(port);
  return n >= 0 && n <= 65535 ? null : 'The port is a whole number from 0 to 65535.';
}

export function checkAddress(address: string): string | null {
  const value = address.trim();
  if (value === '') return null; // Empty: main picks the machine's LAN address.
  return /^[A-Za-z0-9.:[\]-]+$/.test(value)
    ? null
    : 'Use an IP address or host name, like 192.168.1.20 or my-laptop.local.';
}

const modifiers = new Set([
  'Command',
  'Cmd',
  'Control',
  'Ctrl',
  'CommandOrControl',
  'CmdOrCtrl',
  'Alt',
  'Option',
  'AltGr',
  'Shift',
  'Super',
  'Meta',
]);

/** An Electron accelerator: modifiers then one key, joined by "+"; empty turns it off. */
export function checkShortcut(shortcut: string): string | null {
  const value = shortcut.trim();
  if (value === '') return null;
  const parts = value.split('+');
  const key = parts[parts.length - 1] ?? '';
  const mods = parts.slice(0, -1);
  if (mods.length === 0) return 'Use at least one modifier, e.g. CommandOrControl+Shift+U.';
  if (!mods.every((m) => modifiers.has(m))) {
    return 'Modifiers are CommandOrControl, Alt, Shift or Super, e.g. CommandOrControl+Shift+U.';
  }
  if (key === '' || modifiers.has(key)) return 'End the shortcut with a key, e.g. U or F5.';
  return null;
}

/** How links will look for others on the network with this address and port. */
export function lanPreview(address: string, port: number, serverUrl: string | null): string {
  const current = serverUrl ? safeUrl(serverUrl) : null;
  const host = address.trim() || current?.hostname || '<LAN address>';
  const p = port > 0 ? String(port) : current?.port || '<free port>';
  return `http://${host}:${p}/AbC123`;
}

function safeUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The upload speed cap's bounds in MB/s (1 MB = 1,000,000 bytes, as sizes read everywhere). */
const SPEED_MIN_MBPS = 0.01;
const SPEED_MAX_MBPS = 10_000;

/** Reads the speed cap as typed (MB/s, empty = no limit) into bytes per second, or says why not. */
export function parseSpeedLimit(text: string): { bytesPerSecond: number } | { error: string } {
  const t = text.trim().replace(',', '.');
  if (t === '' || /^0+(\.0*)?$/.test(t)) return { bytesPerSecond: 0 };
  const mbps = /^\d*\.?\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isFinite(mbps)) {
    return { error: 'Enter a speed in MB/s, like 2 or 0.5, or leave it empty for no limit.' };
  }
  if (mbps < SPEED_MIN_MBPS || mbps > SPEED_MAX_MBPS) {
    return {
      error: `Enter a speed from ${SPEED_MIN_MBPS} to ${SPEED_MAX_MBPS.toLocaleString('en-US')} MB/s, or leave it empty for no limit.`,
    };
  }
  return { bytesPerSecond: Math.round(mbps * 1_000_000) };
}

/** Bytes per second as the field shows them: MB/s without trailing zeros, '' for no limit. */
export function formatSpeedLimit(bytesPerSecond: number): string {
  if (bytesPerSecond <= 0) return '';
  return String(Number((bytesPerSecond / 1_000_000).toFixed(3)));
}
