/**
 * A plain-Node shell for tests and the e2e harness (never used by the app): it records what
 * the core asked for — clipboard writes, notifications, opened links — and encrypts tokens
 * with a per-process AES key in place of the OS keychain.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Shell } from '../shell';

const processKey = randomBytes(32);

export interface RecordingShellOptions {
  /** false simulates a machine without a keychain. Default true. */
  encryption?: boolean;
  /** What the file dialog answers. Default: cancelled. */
  chooseFiles?: () => string[];
}

export interface RecordingShell extends Shell {
  readonly clipboardWrites: string[];
  readonly notifications: { title: string; body: string }[];
  readonly opened: string[];
  /** What a read of the clipboard returns; a write replaces the text. */
  readonly clipboardContent: { text: string; filePaths: string[]; imagePng: Buffer | null };
}

export function recordingShell(options: RecordingShellOptions = {}): RecordingShell {
  const clipboardWrites: string[] = [];
  const notifications: { title: string; body: string }[] = [];
  const opened: string[] = [];
  const content = { text: '', filePaths: [] as string[], imagePng: null as Buffer | null };
  const available = options.encryption ?? true;
  return {
    clipboardWrites,
    notifications,
    opened,
    clipboardContent: content,
    clipboard: {
      writeText: (text) => {
        clipboardWrites.push(text);
        content.text = text;
      },
      readText: () => content.text,
      readFilePaths: () => [...content.filePaths],
      readImagePng: () => content.imagePng,
    },
    notifier: { show: (n) => notifications.push(n) },
    dialog: { chooseFiles: () => Promise.resolve(options.chooseFiles?.() ?? []) },
    shell: { openExternal: (url) => void opened.push(url) },
    secureStorage: {
      isEncryptionAvailable: () => available,
      encryptString: (plain) => {
        if (!available) throw new Error('Encryption is not available');
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', processKey, iv);
        const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
        return Buffer.concat([iv, cipher.getAuthTag(), body]);
      },
      decryptString: (data) => {
        const decipher = createDecipheriv('aes-256-gcm', processKey, data.subarray(0, 12));
        decipher.setAuthTag(data.subarray(12, 28));
        return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString();
      },
    },
  };
}
