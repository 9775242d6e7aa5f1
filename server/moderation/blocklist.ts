/** The optional SHA-256 blocklist of `serve --blocklist FILE`: one hex digest per line. */
/** Parses a blocklist; blank lines and `#` comments are skipped, a bad line is an error. */
export function parseBlocklist(text: string, source = 'blocklist'): ReadonlySet<string> {
  const hashes = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    if (!/^[0-9a-fA-F]{64}$/.test(line)) {
      throw new Error(
        `${source} line ${index + 1}: expected a SHA-256 hex digest (64 characters 0-9, a-f), got "${line.slice(0, 80)}"`,
      );
    }
    hashes.add(line.toLowerCase());
  });
  return hashes;
}
