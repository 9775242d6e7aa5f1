/**
 * Names of the entries of a share's zip: safe on every system that unpacks it (no folders, no
 * traversal, nothing Windows refuses) and unique within the archive, case and Unicode form
 * ignored, as the file systems it lands on compare them.
 */

/** Longest entry name in UTF-8 bytes: file systems allow 255, and " (12345)" must still fit. */
const MAX_BYTES = 240;

/** Names Windows keeps for devices, with or without an extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

/** Cuts `text` to at most `max` UTF-8 bytes without splitting a character. */
function cutBytes(text: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > max) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/** One file name made safe to unpack: a single path part any file system takes. */
export function safeEntryName(filename: string): string {
  let name = filename
    .normalize('NFC')
    // Separators, characters Windows refuses, and control characters.
    // eslint-disable-next-line no-control-regex
    .replace(/[/\\:*?"<>|\u0000-\u001f\u007f]/g, '_')
    .trim()
    // Windows drops trailing dots and spaces, so "a." and "a" would collide there.
    .replace(/[. ]+$/, '');
  if (name === '') name = 'file';
  if (RESERVED.test(name)) name = `_${name}`;
  if (Buffer.byteLength(name) > MAX_BYTES) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    name = cutBytes(name.slice(0, name.length - ext.length), MAX_BYTES - Buffer.byteLength(ext));
    name = name.trimEnd() + ext;
  }
  return name;
}

/** Hands out entry names, each safe and different from every one handed out before. */
export class EntryNames {
  readonly #taken = new Set<string>();
  /** Per name asked for, the number its next copy tries first (10,000 alike stay fast). */
  readonly #tries = new Map<string, number>();

  next(filename: string): string {
    const safe = safeEntryName(filename);
    const dot = safe.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [safe.slice(0, dot), safe.slice(dot)] : [safe, ''];
    const asked = safe.toLowerCase();
    for (let n = this.#tries.get(asked) ?? 1; ; n++) {
      const name = n === 1 ? safe : `${stem} (${n})${ext}`;
      const key = name.toLowerCase();
      if (!this.#taken.has(key)) {
        this.#taken.add(key);
        this.#tries.set(asked, n + 1);
        return name;
      }
    }
  }
}
