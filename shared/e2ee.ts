/**
 * How an end-to-end encrypted share looks on a Ge.tt server (see server/PROTOCOL.md): every
 * file is `aes128gcm` ciphertext (`ece.ts`) under a neutral name, and each drop adds one
 * manifest file, itself encrypted, that holds the real names and sizes of the files it brought.
 * A share is encrypted when its first file (in drop order) is a manifest.
 */

/** The neutral name of every manifest file. */
export const MANIFEST_NAME = 'gett-manifest.encrypted';

/** The neutral name the server sees for the `n`-th file of a drop (1-based). */
export const neutralName = (n: number): string => `file-${n}.encrypted`;

/** One file as its manifest describes it. */
export interface ManifestEntry {
  readonly fileid: string;
  readonly name: string;
  /** Plaintext bytes. */
  readonly size: number;
}

/** A manifest's plaintext (JSON). */
export interface Manifest {
  readonly v: 1;
  readonly files: readonly ManifestEntry[];
}

/** Reads a decrypted manifest; throws on anything else. */
export function parseManifest(text: string): Manifest {
  const raw = JSON.parse(text) as { v?: unknown; files?: unknown };
  if (raw.v !== 1 || !Array.isArray(raw.files)) throw new Error('not a Gett manifest');
  const files = (raw.files as unknown[]).map((f) => {
    const e = f as Partial<Record<keyof ManifestEntry, unknown>>;
    if (typeof e.fileid !== 'string' || typeof e.name !== 'string' || typeof e.size !== 'number') {
      throw new Error('not a Gett manifest');
    }
    return { fileid: e.fileid, name: e.name, size: e.size };
  });
  return { v: 1, files };
}

/** The link with the share secret in its fragment (never sent to a server). */
export const keyedLink = (url: string, key: string): string => `${url.split('#')[0]}#${key}`;
