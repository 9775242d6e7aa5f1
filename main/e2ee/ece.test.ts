import { randomBytes } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ECE_SOURCE, ece, type Ece } from '../../shared/ece';

const { PLAIN_RECORD, RECORD_SIZE, HEADER_SIZE } = ece;

async function encrypt(ikm: Uint8Array, plain: Uint8Array, salt = ece.newSalt()) {
  const enc = await ece.encrypter(ikm, salt);
  const parts = [enc.header];
  const records = ece.recordCount(plain.length);
  for (let i = 0; i < records; i++) {
    const slice = plain.subarray(i * PLAIN_RECORD, (i + 1) * PLAIN_RECORD);
    parts.push(await enc.record(i, slice, i === records - 1));
  }
  return Buffer.concat(parts);
}

/** Decrypts `cipher` fed in pieces of `step` bytes. */
async function decrypt(ikm: Uint8Array, cipher: Uint8Array, step = 10_000, m: Ece = ece) {
  const dec = m.decrypter(ikm);
  const out: Uint8Array[] = [];
  for (let at = 0; at < cipher.length; at += step) {
    out.push(...(await dec.push(cipher.subarray(at, at + step))));
  }
  out.push(...(await dec.end()));
  return Buffer.concat(out);
}

/** A typed `expect.stringMatching`. */
const matching = (re: RegExp): unknown => expect.stringMatching(re) as unknown;

const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));

describe('aes128gcm records', () => {
  it('decrypts the example of RFC 8188 §3.1 (interoperates with the standard)', async () => {
    const cipher = b64('I1BsxtFttlv3u_Oo94xnmwAAEAAA-NAVub2qFgBEuQKRapoZu-IxkIva3MEB1PD-ly8Thjg');
    const plain = await decrypt(b64('yqdlZ-tYemfogSmv7Ws5PQ'), cipher);
    expect(plain.toString()).toBe('I am the walrus');
  });

  it('round-trips empty, small, record-sized and multi-record files of the exact length', async () => {
    const secret = ece.newSecret();
    const ikm = await ece.fileKey(secret, '3');
    for (const size of [0, 1, 1000, PLAIN_RECORD, PLAIN_RECORD + 1, 3 * PLAIN_RECORD + 7]) {
      const plain = randomBytes(size);
      const cipher = await encrypt(ikm, plain);
      expect(cipher.length, `size ${size}`).toBe(ece.ciphertextSize(size));
      expect(Buffer.compare(await decrypt(ikm, cipher, 7777), plain), `size ${size}`).toBe(0);
    }
    // Padded to whole records: the length tells the size only to a record.
    expect(ece.ciphertextSize(0)).toBe(HEADER_SIZE + RECORD_SIZE);
    expect(ece.ciphertextSize(PLAIN_RECORD)).toBe(HEADER_SIZE + RECORD_SIZE);
    expect(ece.ciphertextSize(PLAIN_RECORD + 1)).toBe(HEADER_SIZE + 2 * RECORD_SIZE);
  });

  it('re-makes any record from its index, so a resumed upload sends the same bytes', async () => {
    const ikm = await ece.fileKey(ece.newSecret(), '0');
    const salt = ece.newSalt();
    const plain = randomBytes(5 * PLAIN_RECORD + 123);
    const whole = await encrypt(ikm, plain, salt);
    const offset = HEADER_SIZE + 2 * RECORD_SIZE + 999;
    const at = ece.resumePoint(offset);
    expect(at).toEqual({ record: 2, plainOffset: 2 * PLAIN_RECORD, skip: 999 });
    const enc = await ece.encrypter(ikm, salt);
    const again = await enc.record(
      2,
      plain.subarray(at.plainOffset, at.plainOffset + PLAIN_RECORD),
      false,
    );
    expect(
      Buffer.compare(
        Buffer.from(again.subarray(at.skip)),
        whole.subarray(offset, offset + RECORD_SIZE - at.skip),
      ),
    ).toBe(0);
    expect(ece.resumePoint(5)).toEqual({ record: -1, plainOffset: 0, skip: 5 });
  });

  it('gives every file of a share its own key, and one secret opens them all', async () => {
    const secret = ece.newSecret();
    const a = await ece.fileKey(secret, '0');
    const b = await ece.fileKey(secret, '1');
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).not.toBe(0);
    expect(Buffer.from(await ece.fileKey(secret, '0'))).toEqual(Buffer.from(a));
    const link = ece.encodeKey(secret);
    expect(link).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(ece.decodeKey(`#${link}`))).toEqual(Buffer.from(secret));
  });

  it('refuses a missing or damaged key in the link with a message saying what to do', () => {
    expect(() => ece.decodeKey('')).toThrow(/no key.*part after #/);
    expect(() => ece.decodeKey('#abc')).toThrow(/damaged/);
  });
});

describe('a changed file never decrypts to wrong bytes', () => {
  const setup = async () => {
    const ikm = await ece.fileKey(ece.newSecret(), '0');
    const plain = randomBytes(4 * PLAIN_RECORD + 500);
    return { ikm, plain, cipher: await encrypt(ikm, plain) };
  };
  const record = (i: number) => HEADER_SIZE + i * RECORD_SIZE;

  it('fails a flipped bit in a record, giving out only the records before it', async () => {
    const { ikm, plain, cipher } = await setup();
    cipher[record(2) + 100]! ^= 1;
    const dec = ece.decrypter(ikm);
    const given: Uint8Array[] = [];
    const run = async () => {
      for (let at = 0; at < cipher.length; at += 4096) {
        given.push(...(await dec.push(cipher.subarray(at, at + 4096))));
      }
      await dec.end();
    };
    await expect(run()).rejects.toMatchObject({
      code: 'tampered',
      message: matching(/Record 3 .*integrity/),
    });
    expect(Buffer.compare(Buffer.concat(given), plain.subarray(0, 2 * PLAIN_RECORD))).toBe(0);
  });

  it('fails a truncated file, at a record boundary or inside a record', async () => {
    const { ikm, cipher } = await setup();
    for (const cut of [record(3), record(3) + 1234, 10]) {
      await expect(decrypt(ikm, cipher.subarray(0, cut))).rejects.toMatchObject({
        code: 'truncated',
        message: matching(/ends/),
      });
    }
  });

  it('fails reordered records and data after the last record', async () => {
    const { ikm, cipher } = await setup();
    const swapped = Buffer.concat([
      cipher.subarray(0, record(1)),
      cipher.subarray(record(2), record(3)),
      cipher.subarray(record(1), record(2)),
      cipher.subarray(record(3)),
    ]);
    await expect(decrypt(ikm, swapped)).rejects.toMatchObject({ code: 'tampered' });
    const longer = Buffer.concat([cipher, cipher.subarray(record(4))]);
    await expect(decrypt(ikm, longer)).rejects.toMatchObject({ code: 'trailing' });
  });

  it('fails with the wrong key, saying the key may be wrong', async () => {
    const { cipher } = await setup();
    const other = await ece.fileKey(ece.newSecret(), '0');
    await expect(decrypt(other, cipher)).rejects.toMatchObject({
      code: 'tampered',
      message: matching(/key is wrong/),
    });
  });
});

describe('ECE_SOURCE', () => {
  it('is the same module, runnable on its own as a browser page or worker receives it', async () => {
    // A fresh realm with nothing but the language and WebCrypto, as in a service worker.
    const fromSource = runInNewContext(`${ECE_SOURCE}\nece`, { crypto: globalThis.crypto }) as Ece;
    const ikm = await fromSource.fileKey(ece.newSecret(), '7');
    const plain = randomBytes(2 * PLAIN_RECORD + 3);
    const cipher = await encrypt(ikm, plain);
    expect(Buffer.compare(await decrypt(ikm, cipher, 5000, fromSource), plain)).toBe(0);
  });
});
