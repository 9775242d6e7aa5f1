/**
 * `gett-server files remove`: removes a file for breaking the terms, on a data dir, safe while
 * `serve` runs on it. The bytes are deleted here; a running server also picks the removal up
 * from `moderation_events` and tells the owner's live connections (`violatedterms`).
 */
import { openDataDir } from '../data.js';
import { deleteBlobs } from '../storage/discard.js';

export interface RemoveInput {
  sharename: string;
  fileid: string;
  reason: string;
}

/** Removes the file; throws an Error whose message says what went wrong and what to do. */
export async function removeFileForTerms(dataDir: string, input: RemoveInput): Promise<void> {
  const reason = input.reason.trim();
  if (reason === '')
    throw new Error('--reason must say why the file is removed; recipients see it');
  const data = openDataDir(dataDir);
  try {
    const result = data.meta.moderation.remove(input.sharename, input.fileid, reason);
    if (!result.ok) {
      throw new Error(
        result.error === 'alreadyRemoved'
          ? `file ${input.fileid} of share ${input.sharename} is already removed`
          : `no file ${input.fileid} in share ${input.sharename}: check both names (the share is the part of the link after the host)`,
      );
    }
    await deleteBlobs(data.blobs, data.thumbsDir, result.event.blobKeys, (err) => {
      throw err;
    });
  } finally {
    data.meta.close();
  }
}
