/**
 * Keeps the refresh token, and only that, encrypted with the OS keychain (Electron
 * safeStorage) in a file readable by the user alone. When encryption is unavailable it stores
 * nothing and says so: there is no plaintext fallback.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { silentLogger, type Logger } from '../../shared/log';

/** The part of Electron's safeStorage the store needs. */
export interface SecureStorage {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface TokenStoreOptions {
  secureStorage: SecureStorage;
  dir: string;
  logger?: Logger;
}

export type SaveResult = { stored: true } | { stored: false; reason: 'secureStorageUnavailable' };

export class TokenStore {
  private readonly log: Logger;

  constructor(private readonly options: TokenStoreOptions) {
    this.log = (options.logger ?? silentLogger).child('tokens');
  }

  get available(): boolean {
    return this.options.secureStorage.isEncryptionAvailable();
  }

  /** The stored refresh token for an account slot, or null when none can be read. */
  async load(slot: string): Promise<string | null> {
    if (!this.available) return null;
    let data: Buffer;
    try {
      data = await readFile(this.file(slot));
    } catch {
      return null;
    }
    try {
      return this.options.secureStorage.decryptString(data);
    } catch (err) {
      // Encrypted under another OS user or keychain: useless, so forget it.
      this.log.warn('stored token cannot be decrypted; discarding it', { slot, err });
      await this.clear(slot);
      return null;
    }
  }

  /** Encrypts and writes the token with mode 0600, atomically. */
  async save(slot: string, refreshToken: string): Promise<SaveResult> {
    if (!this.available) return { stored: false, reason: 'secureStorageUnavailable' };
    const encrypted = this.options.secureStorage.encryptString(refreshToken);
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    const target = this.file(slot);
    const tmp = `${target}.${process.pid}.tmp`;
    await writeFile(tmp, encrypted, { mode: 0o600 });
    await rename(tmp, target);
    return { stored: true };
  }

  async clear(slot: string): Promise<void> {
    await rm(this.file(slot), { force: true });
  }

  private file(slot: string): string {
    return join(this.options.dir, `${slot.replace(/[^a-z0-9-]/gi, '_')}.token`);
  }
}
