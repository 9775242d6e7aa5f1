/**
 * The secrets of this account's encrypted shares, and what their files really are, kept on
 * this computer only: one file encrypted with the OS keychain (Electron safeStorage), mode
 * 0600, replaced atomically. No keychain, no encrypted shares (never a plaintext fallback).
 * A share's secret is dropped when the share is deleted.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ece } from '../../shared/ece';
import { IpcError } from '../../shared/ipc';
import type { SecureStorage } from '../auth';

const EntrySchema = z.object({
  secret: z.string(),
  /** Real name and plaintext size by file id. */
  files: z.record(z.string(), z.object({ name: z.string(), size: z.number() })),
  /** File ids of the share's manifests (hidden from the share's views). */
  manifests: z.array(z.string()),
});
type Entry = z.infer<typeof EntrySchema>;
const FileSchema = z.object({ version: z.literal(1), shares: z.record(z.string(), EntrySchema) });

/** What the app knows of one encrypted share. */
export interface ShareKey {
  readonly secret: Uint8Array;
  /** The secret as it goes into the link's fragment. */
  readonly fragment: string;
  readonly files: Readonly<Record<string, { name: string; size: number }>>;
  readonly manifests: readonly string[];
}

export class ShareKeys {
  private shares = new Map<string, Entry>();
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly secureStorage: SecureStorage,
  ) {}

  get available(): boolean {
    return this.secureStorage.isEncryptionAvailable();
  }

  /** Reads the saved keys; a missing or unreadable file is an empty list. */
  async load(): Promise<void> {
    if (!this.available) return;
    try {
      const text = this.secureStorage.decryptString(await readFile(this.file));
      const parsed = FileSchema.safeParse(JSON.parse(text));
      if (parsed.success) this.shares = new Map(Object.entries(parsed.data.shares));
    } catch {
      // No keys yet, or a keychain that changed: nothing to open.
    }
  }

  get(sharename: string): ShareKey | undefined {
    const e = this.shares.get(sharename);
    if (!e) return undefined;
    return {
      secret: ece.decodeKey(e.secret),
      fragment: e.secret,
      files: e.files,
      manifests: e.manifests,
    };
  }

  has(sharename: string): boolean {
    return this.shares.has(sharename);
  }

  /** A new secret for a new encrypted share (saved by the `add` that follows). */
  newSecret(): Uint8Array {
    if (!this.available) {
      throw new IpcError(
        'This computer has no secure key storage (keychain), so encrypted shares are off: the keys would have to be kept in plaintext. Share without encryption, or set up the keychain.',
        'secureStorageUnavailable',
      );
    }
    return ece.newSecret();
  }

  /** Records a drop into an encrypted share; resolves once it is on disk. */
  add(
    sharename: string,
    secret: Uint8Array,
    manifest: string,
    files: Record<string, { name: string; size: number }>,
  ): Promise<void> {
    const e = this.shares.get(sharename) ?? {
      secret: ece.encodeKey(secret),
      files: {},
      manifests: [],
    };
    this.shares.set(sharename, {
      ...e,
      files: { ...e.files, ...files },
      manifests: [...e.manifests, manifest],
    });
    return this.save();
  }

  /** Forgets a deleted share's secret. */
  remove(sharename: string): Promise<void> {
    if (!this.shares.delete(sharename)) return Promise.resolve();
    return this.save();
  }

  private save(): Promise<void> {
    const snapshot = JSON.stringify({ version: 1, shares: Object.fromEntries(this.shares) });
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        await mkdir(dirname(this.file), { recursive: true });
        const tmp = `${this.file}.tmp`;
        await writeFile(tmp, this.secureStorage.encryptString(snapshot), { mode: 0o600 });
        await rename(tmp, this.file);
      });
    return this.writing;
  }
}
