/** HMAC-SHA256 signatures for tokens and links, keyed by the data dir's secret. */
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

export class Signer {
  // One key object for the process: importing the raw secret on every signature costs more
  // than the HMAC itself.
  private readonly secret: KeyObject;

  constructor(secret: Buffer) {
    this.secret = createSecretKey(secret);
  }

  /** Hex signature, truncated to `length` characters (40 = the original token layout). */
  hex(data: string, length = 40): string {
    return createHmac('sha256', this.secret).update(data).digest('hex').slice(0, length);
  }

  /** URL-safe base64 signature (43 characters, like the original blob links). */
  base64url(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }

  /** Constant-time comparison of a received signature with the expected one. */
  static same(received: string, expected: string): boolean {
    const a = Buffer.from(received);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
