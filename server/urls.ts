/**
 * Public links: getturl pages, signed upload URLs (puturl/posturl) and signed, expiring blob
 * URLs that `/blob` redirects to. Every path segment is encoded; names never reach the disk.
 */
import { Signer } from './auth/signer.js';
import { fail } from './errors.js';
import type { FileRecord } from './storage/types.js';

/** Upload URLs stay valid for a week: clients create every file first and upload in a queue. */
export const UPLOAD_URL_TTL = 7 * 86400;
/** Download links live a day; `/blob` mints a fresh one on every request. */
export const DOWNLOAD_URL_TTL = 86400;

export type BlobVariant = '' | 'thumb' | `scale:${string}`;

const enc = encodeURIComponent;
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export class Urls {
  constructor(
    private readonly signer: Signer,
    private readonly publicUrl: () => string,
  ) {}

  share(sharename: string): string {
    return `${this.publicUrl()}/${enc(sharename)}`;
  }

  file(sharename: string, fileid: string): string {
    return `${this.publicUrl()}/${enc(sharename)}/v/${enc(fileid)}`;
  }

  /** The unsigned API URL of a file's bytes (`/1/files/{s}/{f}/blob`). */
  blobApi(file: FileRecord): string {
    return `${this.publicUrl()}/1/files/${enc(file.sharename)}/${enc(file.fileid)}/blob`;
  }

  upload(file: FileRecord): { puturl: string; posturl: string; tusurl: string } {
    const exp = nowSeconds() + UPLOAD_URL_TTL;
    const sig = this.signer.base64url(`up:${file.sharename}:${file.fileid}:${exp}`);
    const query = `?exp=${exp}&sig=${sig}`;
    const url = `${this.publicUrl()}/1/upload/${enc(file.sharename)}/${enc(file.fileid)}${query}`;
    // Extension: resumable uploads (server/tus/); clients that do not know it ignore the field.
    const tusurl = `${this.publicUrl()}/1/files/${enc(file.sharename)}/${enc(file.fileid)}/tus${query}`;
    return { puturl: url, posturl: url, tusurl };
  }

  /** Throws 403 unless `exp`/`sig` are a valid, unexpired upload signature for the file. */
  checkUpload(sharename: string, fileid: string, exp: unknown, sig: unknown): void {
    this.check(`up:${sharename}:${fileid}`, exp, sig);
  }

  download(file: FileRecord, variant: BlobVariant = '', attachment = false): string {
    const exp = nowSeconds() + DOWNLOAD_URL_TTL;
    const sig = this.signer.base64url(`dl:${file.sharename}:${file.fileid}:${variant}:${exp}`);
    let url = `${this.publicUrl()}/1/blobs/${enc(file.sharename)}/${enc(file.fileid)}/${enc(safeName(file.filename))}?exp=${exp}&sig=${sig}`;
    if (variant) url += `&variant=${enc(variant)}`;
    if (attachment) url += '&download';
    return url;
  }

  checkDownload(
    sharename: string,
    fileid: string,
    variant: string,
    exp: unknown,
    sig: unknown,
  ): void {
    this.check(`dl:${sharename}:${fileid}:${variant}`, exp, sig);
  }

  private check(prefix: string, exp: unknown, sig: unknown): void {
    if (typeof exp !== 'string' || typeof sig !== 'string' || !/^\d{1,12}$/.test(exp)) {
      fail('badSignature');
    }
    if (!Signer.same(sig, this.signer.base64url(`${prefix}:${exp}`))) fail('badSignature');
    if (Number(exp) <= nowSeconds()) fail('expiredSignature');
  }
}

/** A filename fit for a URL segment or a header: no path separators or control characters. */
export function safeName(filename: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = filename.replace(/[/\\\u0000-\u001f\u007f]/g, '_').trim();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'file' : cleaned;
}
