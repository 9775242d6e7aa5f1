/**
 * End-to-end encryption of shared files: RFC 8188 `aes128gcm` content coding, record by record,
 * with WebCrypto (`globalThis.crypto.subtle`), so the same code runs in Node (the app's uploads,
 * its tests, the app's own downloads) and in the browser (the recipient page and its service
 * worker, which receive this module's source from `ECE_SOURCE`).
 *
 * - One share secret (16 random bytes) rides in the link's fragment. Each file's input keying
 *   material is HKDF-SHA-256(secret, info "gett-e2ee v1 file:<fileid>"), so one link key opens
 *   every file of the share and no two files share a key.
 * - Each upload attempt draws a fresh 16-byte salt (in the 21-byte header), from which RFC 8188
 *   derives the content key and the nonce base; record `i`'s nonce is the base XOR `i`. A
 *   record can therefore be made again from its index alone: a resumed upload re-encrypts the
 *   record under the server's offset and sends the same bytes.
 * - Records are `RECORD_SIZE` (64 KiB) bytes of ciphertext: 65,519 bytes of plaintext, a
 *   delimiter and the 16-byte tag. The last record is padded to the full size, so the
 *   ciphertext length tells only the plaintext size rounded up to a record.
 *
 * Everything lives inside `eceModule()`, which refers to nothing outside itself, so its source
 * can be sent to a browser as it is.
 */

/** Builds the module; self-contained (see `ECE_SOURCE`). */
export function eceModule() {
  interface Subtle {
    importKey(
      format: 'raw',
      key: Uint8Array,
      alg: unknown,
      extractable: boolean,
      usages: string[],
    ): Promise<unknown>;
    deriveBits(alg: unknown, key: unknown, length: number): Promise<ArrayBuffer>;
    encrypt(alg: unknown, key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
    decrypt(alg: unknown, key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
  }
  interface WebCrypto {
    subtle?: Subtle;
    getRandomValues(a: Uint8Array): Uint8Array;
  }

  /** Ciphertext bytes per record (the RFC's `rs`). */
  const RECORD_SIZE = 65536;
  const TAG = 16;
  /** Plaintext bytes per record. */
  const PLAIN_RECORD = RECORD_SIZE - TAG - 1;
  /** Header bytes: salt (16), rs (4), idlen (1), no key id. */
  const HEADER_SIZE = 21;
  const SECRET_BYTES = 16;
  /** Largest record size accepted from a header (bounds what one record may buffer). */
  const MAX_RECORD = 1 << 20;

  type Code =
    'noCrypto' | 'badKey' | 'badHeader' | 'tampered' | 'truncated' | 'trailing' | 'badPadding';

  /** A failure to encrypt or decrypt, with a stable code and a message meant for people. */
  class EceError extends Error {
    readonly code: Code;
    constructor(code: Code, message: string) {
      super(message);
      this.name = 'EceError';
      this.code = code;
    }
  }

  const webCrypto = (): WebCrypto & { subtle: Subtle } => {
    const c = (globalThis as unknown as { crypto?: WebCrypto }).crypto;
    if (!c?.subtle) {
      throw new EceError(
        'noCrypto',
        'This browser cannot decrypt here: encryption (WebCrypto) works only on https:// pages or on localhost. Open the link over https, or open it in the Gett app.',
      );
    }
    return c as WebCrypto & { subtle: Subtle };
  };

  const text = (s: string): Uint8Array => {
    const out: number[] = [];
    for (const ch of unescape(encodeURIComponent(s))) out.push(ch.charCodeAt(0));
    return new Uint8Array(out);
  };

  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

  /** Unpadded base64url. */
  function encodeKey(bytes: Uint8Array): string {
    let out = '';
    for (let i = 0; i < bytes.length; i += 3) {
      const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
      const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
      for (let j = 0; j < chars; j++) out += B64[(n >> (18 - 6 * j)) & 63];
    }
    return out;
  }

  /** The share secret from a link fragment (`#<22 base64url characters>`). */
  function decodeKey(fragment: string): Uint8Array {
    const s = fragment.replace(/^#/, '').replace(/^k=/, '');
    if (!/^[A-Za-z0-9_-]{22}$/.test(s)) {
      throw new EceError(
        'badKey',
        s === ''
          ? 'This link has no key: encrypted files open only with the full link, including the part after #. Ask the sender for the whole link.'
          : 'The key in this link is damaged (the part after # should be 22 letters, digits, - or _). Copy the whole link again.',
      );
    }
    const out = new Uint8Array(SECRET_BYTES);
    let bits = 0;
    let acc = 0;
    let k = 0;
    for (const ch of s) {
      acc = (acc << 6) | B64.indexOf(ch);
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        if (k < SECRET_BYTES) out[k++] = (acc >> bits) & 0xff;
      }
    }
    return out;
  }

  function randomBytes(n: number): Uint8Array {
    return webCrypto().getRandomValues(new Uint8Array(n));
  }

  /** A new share secret. */
  const newSecret = (): Uint8Array => randomBytes(SECRET_BYTES);
  /** A new salt for one upload attempt of one file. */
  const newSalt = (): Uint8Array => randomBytes(16);

  async function hkdf(
    ikm: Uint8Array,
    salt: Uint8Array,
    info: Uint8Array,
    bits: number,
  ): Promise<Uint8Array> {
    const subtle = webCrypto().subtle;
    const key = await subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
    return new Uint8Array(
      await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info }, key, bits),
    );
  }

  /** The input keying material of one file of a share. */
  function fileKey(secret: Uint8Array, fileid: string): Promise<Uint8Array> {
    return hkdf(secret, new Uint8Array(0), text(`gett-e2ee v1 file:${fileid}`), 128);
  }

  interface Keys {
    readonly key: unknown;
    readonly nonce: Uint8Array;
  }

  async function contentKeys(ikm: Uint8Array, salt: Uint8Array): Promise<Keys> {
    const cek = await hkdf(ikm, salt, text('Content-Encoding: aes128gcm\0'), 128);
    const nonce = await hkdf(ikm, salt, text('Content-Encoding: nonce\0'), 96);
    const key = await webCrypto().subtle.importKey('raw', cek, 'AES-GCM', false, [
      'encrypt',
      'decrypt',
    ]);
    return { key, nonce };
  }

  function recordNonce(base: Uint8Array, index: number): Uint8Array {
    const nonce = base.slice();
    let n = index;
    for (let k = 11; k >= 4 && n > 0; k--) {
      nonce[k]! ^= n % 256;
      n = Math.floor(n / 256);
    }
    return nonce;
  }

  /** Records a plaintext of `size` bytes takes (at least one, even when empty). */
  const recordCount = (size: number): number => Math.max(1, Math.ceil(size / PLAIN_RECORD));

  /** The exact ciphertext length of a plaintext of `size` bytes (uploads announce it). */
  const ciphertextSize = (size: number): number => HEADER_SIZE + recordCount(size) * RECORD_SIZE;

  /**
   * Where to start again from ciphertext byte `offset`: the record to re-make, its plaintext
   * offset, and how many of its leading bytes the server already holds.
   */
  function resumePoint(offset: number): { record: number; plainOffset: number; skip: number } {
    if (offset < HEADER_SIZE) return { record: -1, plainOffset: 0, skip: offset };
    const record = Math.floor((offset - HEADER_SIZE) / RECORD_SIZE);
    return {
      record,
      plainOffset: record * PLAIN_RECORD,
      skip: offset - HEADER_SIZE - record * RECORD_SIZE,
    };
  }

  interface Encrypter {
    /** The 21-byte header that starts the ciphertext. */
    readonly header: Uint8Array;
    /**
     * Encrypts record `index`: `plain` is `PLAIN_RECORD` bytes unless `last`, when it is the
     * rest of the file (0 to `PLAIN_RECORD` bytes). Always `RECORD_SIZE` bytes out.
     */
    record(index: number, plain: Uint8Array, last: boolean): Promise<Uint8Array>;
  }

  async function encrypter(ikm: Uint8Array, salt: Uint8Array): Promise<Encrypter> {
    if (salt.length !== 16) throw new EceError('badHeader', 'The salt must be 16 bytes');
    const { key, nonce } = await contentKeys(ikm, salt);
    const header = new Uint8Array(HEADER_SIZE);
    header.set(salt, 0);
    new DataView(header.buffer).setUint32(16, RECORD_SIZE);
    const subtle = webCrypto().subtle;
    return {
      header,
      async record(index, plain, last) {
        if (plain.length > PLAIN_RECORD || (!last && plain.length !== PLAIN_RECORD)) {
          throw new RangeError(`record ${index} has ${plain.length} bytes of plaintext`);
        }
        const padded = new Uint8Array(RECORD_SIZE - TAG);
        padded.set(plain, 0);
        padded[plain.length] = last ? 2 : 1;
        const iv = recordNonce(nonce, index);
        return new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv }, key, padded));
      },
    };
  }

  interface Decrypter {
    /** Ciphertext in, plaintext out: whatever whole records `chunk` completes. */
    push(chunk: Uint8Array): Promise<Uint8Array[]>;
    /** The ciphertext ended: the rest, or an error if the last record never came. */
    end(): Promise<Uint8Array[]>;
    /** Plaintext bytes given out so far. */
    readonly plainBytes: number;
  }

  /**
   * Decrypts a stream of `aes128gcm` ciphertext record by record. Nothing is given out before
   * its record's tag checks; a changed, reordered, missing or extra record is an `EceError`.
   */
  function decrypter(ikm: Uint8Array): Decrypter {
    let chunks: Uint8Array[] = [];
    let buffered = 0;
    let keys: Keys | null = null;
    let rs = 0;
    let index = 0;
    let done = false;
    let plainBytes = 0;

    const take = (n: number): Uint8Array => {
      const out = new Uint8Array(n);
      let at = 0;
      while (at < n) {
        const c = chunks[0]!;
        const used = Math.min(c.length, n - at);
        out.set(c.subarray(0, used), at);
        at += used;
        if (used === c.length) chunks.shift();
        else chunks[0] = c.subarray(used);
      }
      buffered -= n;
      return out;
    };

    const open = async (record: Uint8Array, final: boolean): Promise<Uint8Array> => {
      if (done) {
        throw new EceError('trailing', 'The file has data after its last record: it was changed.');
      }
      const iv = recordNonce(keys!.nonce, index);
      let plain: Uint8Array;
      try {
        plain = new Uint8Array(
          await webCrypto().subtle.decrypt({ name: 'AES-GCM', iv }, keys!.key, record),
        );
      } catch {
        if (final && record.length < rs) {
          throw new EceError(
            'truncated',
            'The file ends too early: its last part is missing. Download it again.',
          );
        }
        throw new EceError(
          'tampered',
          index === 0
            ? 'The file does not open with this key: the key is wrong, or the file was changed.'
            : `Record ${index + 1} of the file failed its integrity check: the file was changed or damaged in transit.`,
        );
      }
      let end = plain.length - 1;
      while (end >= 0 && plain[end] === 0) end--;
      const delimiter = end >= 0 ? plain[end] : 0;
      if (delimiter !== 1 && delimiter !== 2) {
        throw new EceError('badPadding', `Record ${index + 1} of the file is malformed.`);
      }
      if (delimiter === 1 && final) {
        throw new EceError(
          'truncated',
          'The file ends too early: its last part is missing. Download it again.',
        );
      }
      if (delimiter === 1 && record.length !== rs) {
        throw new EceError('badPadding', `Record ${index + 1} of the file is malformed.`);
      }
      if (delimiter === 2) done = true;
      index += 1;
      plainBytes += end;
      return plain.subarray(0, end);
    };

    const header = async (): Promise<boolean> => {
      if (keys) return true;
      if (buffered < HEADER_SIZE) return false;
      const first = take(HEADER_SIZE);
      const idlen = first[20]!;
      rs = new DataView(first.buffer).getUint32(16);
      if (rs < TAG + 2 || rs > MAX_RECORD) {
        throw new EceError('badHeader', 'This is not an encrypted Gett file (bad header).');
      }
      if (idlen > 0) {
        if (buffered < idlen) {
          throw new EceError('badHeader', 'This is not an encrypted Gett file (bad header).');
        }
        take(idlen);
      }
      keys = await contentKeys(ikm, first.subarray(0, 16));
      return true;
    };

    return {
      get plainBytes() {
        return plainBytes;
      },
      async push(chunk) {
        if (chunk.length === 0) return [];
        chunks.push(chunk);
        buffered += chunk.length;
        const out: Uint8Array[] = [];
        if (!(await header())) return out;
        // A full record may still be the last one: it is opened once more bytes follow, or
        // at the end, so a delimiter of 1 on the very last record is caught as truncation.
        while (buffered > rs) out.push(await open(take(rs), false));
        return out;
      },
      async end() {
        if (!(await header())) {
          throw new EceError('truncated', 'The file ends before its encryption header.');
        }
        const out: Uint8Array[] = [];
        if (buffered > 0) out.push(await open(take(buffered), true));
        if (!done) {
          throw new EceError(
            'truncated',
            'The file ends too early: its last part is missing. Download it again.',
          );
        }
        chunks = [];
        return out;
      },
    };
  }

  return {
    RECORD_SIZE,
    PLAIN_RECORD,
    HEADER_SIZE,
    EceError,
    encodeKey,
    decodeKey,
    newSecret,
    newSalt,
    fileKey,
    recordCount,
    ciphertextSize,
    resumePoint,
    encrypter,
    decrypter,
  };
}

/** The module for Node and the app. */
export const ece = eceModule();
export type Ece = typeof ece;
export type EceError = InstanceType<Ece['EceError']>;

/**
 * JavaScript source that defines `const ece = …` in a browser page or worker: the very code
 * of `eceModule` above.
 */
export const ECE_SOURCE = `const ece = (${eceModule.toString()})();`;
