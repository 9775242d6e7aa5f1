/**
 * The data directory: `gett.sqlite` (metadata, WAL), `blobs/<key>` (bytes), `thumbs/` (cached
 * image variants) and `secret` (the HMAC key, mode 0600). Safe to open from several processes.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DirBlobStore } from './storage/blobs.js';
import { SqliteMetadataStore } from './storage/sqlite.js';
import type { Logger } from '../shared/log.js';
import { DEFAULT_APP_ID } from './accounts.js';

export interface DataDir {
  readonly dir: string;
  readonly meta: SqliteMetadataStore;
  readonly blobs: DirBlobStore;
  readonly thumbsDir: string;
  readonly secret: Buffer;
}

function readOrCreateSecret(file: string): Buffer {
  try {
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const text = fs.readFileSync(file, 'utf8').trim();
  if (text.length < 32)
    throw new Error(`${file} is damaged: delete it to create a new key (this signs everyone out)`);
  return Buffer.from(text, 'utf8');
}

export function openDataDir(dir: string): DataDir {
  const root = path.resolve(dir);
  fs.mkdirSync(root, { recursive: true });
  const thumbsDir = path.join(root, 'thumbs');
  fs.mkdirSync(thumbsDir, { recursive: true });
  const secret = readOrCreateSecret(path.join(root, 'secret'));
  const meta = new SqliteMetadataStore(path.join(root, 'gett.sqlite'));
  if (!meta.getApp(DEFAULT_APP_ID)) {
    try {
      // Logins without an apikey use this app; its key is random and never shown.
      meta.createApp({
        id: DEFAULT_APP_ID,
        name: 'Web',
        ownerId: null,
        keyHash: randomBytes(32).toString('hex'),
      });
    } catch {
      // Another process created it at the same moment.
    }
  }
  return { dir: root, meta, blobs: new DirBlobStore(path.join(root, 'blobs')), thumbsDir, secret };
}

/**
 * After an unclean stop: uploads that were running go back to their previous state, and blob
 * files no file refers to are deleted. Run only by the serving process, before it listens.
 */
export async function recover(data: DataDir, logger: Logger): Promise<void> {
  const interrupted = data.meta.resetInterruptedUploads();
  const referenced = data.meta.referencedBlobKeys();
  const orphans = (await data.blobs.keys()).filter((k) => !referenced.has(k));
  for (const key of orphans) await data.blobs.delete(key);
  // Cached images of blobs that are gone, and renders a crash left half-written.
  for (const name of await fs.promises.readdir(data.thumbsDir)) {
    const key = name.slice(0, name.indexOf('-'));
    if (!referenced.has(key) || name.endsWith('.tmp') || name.endsWith('.once')) {
      await fs.promises.rm(path.join(data.thumbsDir, name), { force: true });
    }
  }
  if (interrupted.length || orphans.length) {
    logger.info('recovered after an unclean stop', {
      interrupted: interrupted.length,
      removed: orphans.length,
    });
  }
}
