/**
 * A file on disk as `aes128gcm` ciphertext, streamed: any byte range of the ciphertext is made
 * from the plaintext records under it, so an upload can start (or resume) at any offset and
 * sends the same bytes it would have sent the first time. Records are read and encrypted a
 * batch at a time, several at once, and only as fast as the consumer reads.
 */
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { ece } from '../../shared/ece';

/** Records read and encrypted together (about 1 MiB). */
const BATCH = 16;

export interface EncryptedFileOptions {
  path: string;
  /** The file's input keying material (`ece.fileKey`). */
  ikm: Uint8Array;
  /** This upload's salt. */
  salt: Uint8Array;
  /** Plaintext size; the file must still have it. */
  plainSize: number;
}

/** The byte range [start, end) of the file's ciphertext, as a stream. */
export function encryptedRange(o: EncryptedFileOptions, start: number, end: number): Readable {
  const total = ece.ciphertextSize(o.plainSize);
  const records = ece.recordCount(o.plainSize);
  async function* generate(): AsyncGenerator<Buffer> {
    const enc = await ece.encrypter(o.ikm, o.salt);
    let pos = start;
    if (pos < ece.HEADER_SIZE) {
      const header = Buffer.from(enc.header).subarray(pos, Math.min(end, ece.HEADER_SIZE));
      pos += header.length;
      yield header;
    }
    if (pos >= end) return;
    const fh = await open(o.path, 'r');
    try {
      const at = ece.resumePoint(pos);
      let record = at.record;
      let skip = at.skip;
      const last = Math.min(records - 1, Math.floor((end - 1 - ece.HEADER_SIZE) / ece.RECORD_SIZE));
      while (record <= last && pos < end) {
        const count = Math.min(BATCH, last - record + 1);
        const from = record * ece.PLAIN_RECORD;
        const want = Math.min(count * ece.PLAIN_RECORD, o.plainSize - from);
        const plain = Buffer.alloc(want);
        let got = 0;
        while (got < want) {
          const { bytesRead } = await fh.read(plain, got, want - got, from + got);
          if (bytesRead === 0) break;
          got += bytesRead;
        }
        if (got < want) throw new Error(`${o.path} became shorter while it was being uploaded`);
        const sealed = await Promise.all(
          Array.from({ length: count }, (_, k) => {
            const i = record + k;
            const slice = plain.subarray(k * ece.PLAIN_RECORD, (k + 1) * ece.PLAIN_RECORD);
            return enc.record(i, slice, i === records - 1);
          }),
        );
        let out = Buffer.concat(sealed);
        if (skip > 0) out = out.subarray(skip);
        skip = 0;
        if (out.length > end - pos) out = out.subarray(0, end - pos);
        pos += out.length;
        record += count;
        yield out;
      }
    } finally {
      await fh.close();
    }
    if (pos !== Math.min(end, total)) throw new Error('the encrypted stream ended early');
  }
  return Readable.from(generate(), { objectMode: false, highWaterMark: 1 });
}
