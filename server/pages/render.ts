/**
 * Recipient pages: `/<sharename>` (every file) and `/<sharename>/v/<fileid>` (one file). Plain
 * server-rendered HTML with one small script for live progress; light and dark; keyboard and
 * screen-reader friendly (status lines are polite live regions).
 */
import { esc } from '../web/html.js';
import { formatSize, type FileStatus } from './status.js';

export interface FileItem {
  readonly filename: string;
  readonly status: FileStatus;
  /** The file's page, its thumbnail and its download URL (the API's `/blob?download`). */
  readonly pageUrl: string;
  readonly thumbUrl: string;
  readonly downloadUrl: string;
}

export interface ShareContent {
  readonly title: string;
  readonly link: string;
  /** QR code of `link`, as an SVG element. */
  readonly qrSvg: string;
  readonly progressUrl: string;
  readonly files: readonly FileItem[];
  /** When the share expires (unix seconds), or null when it never does. */
  readonly expires?: number | null;
}

/** Which slice of a big share a share page shows (1-based), and the share's totals. */
export interface SharePager {
  readonly page: number;
  readonly pages: number;
  /** Position of the page's first file in the share (1-based). */
  readonly first: number;
  readonly totalFiles: number;
  readonly totalBytes: number;
  /** The URL of page `n`. */
  readonly url: (n: number) => string;
}

const STYLE = `
:root { color-scheme: light dark; --bg: #fafafa; --fg: #1b1b1f; --muted: #5d5d66; --card: #fff;
  --line: #d9d9df; --accent: #0b63c9; --on-accent: #fff; --danger: #b3261e; }
@media (prefers-color-scheme: dark) { :root { --bg: #121214; --fg: #ececf1; --muted: #a7a7b3;
  --card: #1d1d22; --line: #34343c; --accent: #7ab7ff; --on-accent: #0b1b2e; --danger: #ff8a80; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; background: var(--bg); color: var(--fg); }
header, main { max-width: 48rem; margin: 0 auto; padding: 1rem; }
header a { font-weight: 700; font-size: 1.2rem; text-decoration: none; color: var(--fg); }
h1 { font-size: 1.5rem; margin: .5rem 0; overflow-wrap: anywhere; }
a { color: var(--accent); }
.muted { color: var(--muted); }
.link { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; margin: 1rem 0; }
.qr { width: 8rem; height: 8rem; background: #fff; padding: .25rem; border-radius: 6px; flex: none; }
.qr svg { width: 100%; height: 100%; display: block; }
.url { font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
ul.files { list-style: none; padding: 0; margin: 0; }
.file { display: flex; gap: 1rem; align-items: center; background: var(--card);
  border: 1px solid var(--line); border-radius: 8px; padding: .75rem; margin: .5rem 0; }
.file .info { flex: 1; min-width: 0; }
.file .name { font-weight: 600; overflow-wrap: anywhere; }
.thumb, .icon { width: 4rem; height: 4rem; object-fit: cover; border-radius: 4px; flex: none; }
.icon { display: grid; place-items: center; background: var(--line); color: var(--muted);
  font-size: .8rem; font-weight: 700; text-transform: uppercase; }
.status { margin: 0; color: var(--muted); }
[data-state="removed"] .status { color: var(--danger); font-weight: 600; }
progress { width: 100%; height: .5rem; }
.button, button { display: inline-block; padding: .5rem 1rem; border-radius: 6px; border: 0;
  background: var(--accent); color: var(--on-accent); font: inherit; font-weight: 600;
  text-decoration: none; cursor: pointer; }
[hidden] { display: none !important; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.pager { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; margin: 1rem 0; }
.big { max-width: 100%; max-height: 70vh; display: block; margin: 1rem 0; border-radius: 6px; }
/* A phone: the Download button goes under the name, so long names wrap at words, not letters. */
@media (max-width: 30rem) { .file { flex-wrap: wrap; } .file .info { flex: 1 1 calc(100% - 5rem); }
  .file .download { margin-left: 5rem; } }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1.25rem; margin: 1rem 0; }
label { display: block; font-weight: 600; margin: 0 0 .25rem; }
input { width: 100%; padding: .55rem .6rem; font: inherit; color: inherit; background: var(--bg);
  border: 1px solid var(--line); border-radius: 6px; }
form button { margin-top: 1rem; }
.error { color: var(--danger); font-weight: 600; }
`;

/** "Expires in 3 days" (or hours, minutes) for a share that ends, else ''. */
export function expiryText(expires: number | null | undefined, now = Date.now() / 1000): string {
  if (expires === null || expires === undefined) return '';
  const left = Math.max(0, expires - now);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (left < 3600) return `Expires in ${plural(Math.max(1, Math.ceil(left / 60)), 'minute')}`;
  if (left < 2 * 86400) return `Expires in ${plural(Math.round(left / 3600), 'hour')}`;
  return `Expires in ${plural(Math.round(left / 86400), 'day')}`;
}

function expiryLine(expires: number | null | undefined): string {
  const text = expiryText(expires);
  if (!text || expires === null || expires === undefined) return '';
  const at = new Date(expires * 1000).toISOString();
  return `<p class="muted expires"><time datetime="${at}" title="${esc(at.replace('T', ' ').slice(0, 16))} UTC">${esc(text)}</time></p>`;
}

function extension(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot > 0 && filename.length - dot <= 6 ? filename.slice(dot + 1) : 'file';
}

function fileItem(item: FileItem, linkName: boolean): string {
  const s = item.status;
  const ready = s.readystate === 'uploaded';
  // Images that are still arriving get their preview once the upload is done (see script.ts).
  const picture = s.thumb
    ? `<img class="thumb" src="${esc(item.thumbUrl)}" alt="" loading="lazy">`
    : `<img class="thumb" data-src="${esc(item.thumbUrl)}" alt="" hidden><span class="icon" aria-hidden="true">${esc(extension(item.filename))}</span>`;
  const name = linkName
    ? `<a class="name" href="${esc(item.pageUrl)}">${esc(item.filename)}</a>`
    : `<span class="name">${esc(item.filename)}</span>`;
  const size = s.size !== null ? formatSize(s.size) : '';
  const downloads =
    s.downloadsLeft !== null
      ? s.readystate === 'removed'
        ? ''
        : ` · ${s.downloadsLeft} download${s.downloadsLeft === 1 ? '' : 's'} left`
      : ready
        ? ` · ${s.downloads} download${s.downloads === 1 ? '' : 's'}`
        : '';
  return `<li class="file" data-fileid="${esc(s.fileid)}" data-state="${esc(s.readystate)}">
${picture}
<div class="info">${name}
<div class="muted"><span class="size">${esc(size)}</span>${esc(downloads)}</div>
<p class="status" role="status" aria-live="polite">${esc(s.status)}</p>
<progress max="100" value="${s.percent ?? 0}" aria-label="Upload progress of ${esc(item.filename)}"${s.percent === null ? ' hidden' : ''}></progress>
</div>
<a class="button download" href="${esc(item.downloadUrl)}" aria-label="Download ${esc(item.filename)}"${s.downloadable ? '' : ' hidden'}>Download</a>
</li>`;
}

/** The page shell every recipient page uses. */
export function layout(title: string, body: string, nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)} · Gett</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<header><a href="/">Gett</a></header>
<main id="main">
${body}
</main>
</body>
</html>`;
}

function linkBlock(content: ShareContent): string {
  return `<div class="link">
<div class="qr" role="img" aria-label="QR code of the link">${content.qrSvg}</div>
<div><div class="url">${esc(content.link)}</div>
<button type="button" data-copy="${esc(content.link)}" hidden>Copy link</button></div>
</div>`;
}

function pagerNav(p: SharePager, shown: number): string {
  if (p.pages <= 1) return '';
  const last = p.first + shown - 1;
  const prev =
    p.page > 1 ? `<a class="button" rel="prev" href="${esc(p.url(p.page - 1))}">Previous</a>` : '';
  const next =
    p.page < p.pages
      ? `<a class="button" rel="next" href="${esc(p.url(p.page + 1))}">Next</a>`
      : '';
  const where = `Files ${p.first.toLocaleString('en')}–${last.toLocaleString('en')} of ${p.totalFiles.toLocaleString('en')} · page ${p.page} of ${p.pages}`;
  return `<nav class="pager" aria-label="Pages of files">${prev}<span class="muted">${esc(where)}</span>${next}</nav>`;
}

/**
 * The share page: title, QR code of its link, and its files with their live status, one page
 * of them at a time (`pager`), so a share of any size renders in bounded time.
 */
export function sharePage(
  content: ShareContent & { readonly pager: SharePager; readonly zipUrl: string },
  nonce: string,
  script: string,
): string {
  const { pager } = content;
  const count = pager.totalFiles;
  const total = pager.totalBytes;
  const summary =
    count === 0
      ? 'No files yet.'
      : `${count.toLocaleString('en')} file${count === 1 ? '' : 's'}${total > 0 ? ` · ${formatSize(total)}` : ''}`;
  // One zip of every file, on every page of a big share; it follows files still uploading.
  const all =
    count > 0
      ? `<p><a class="button" href="${esc(content.zipUrl)}" data-testid="download-all">Download all</a> <span class="muted">as one zip${pager.pages > 1 ? `, all ${count.toLocaleString('en')} files` : ''}</span></p>`
      : '';
  const body = `<h1>${esc(content.title)}</h1>
<p class="muted">${esc(summary)}</p>
${expiryLine(content.expires)}
${all}
${linkBlock(content)}
<ul class="files" data-progress="${esc(content.progressUrl)}">
${content.files.map((f) => fileItem(f, true)).join('\n')}
</ul>
${pagerNav(pager, content.files.length)}
<script nonce="${nonce}">${script}</script>`;
  return layout(content.title, body, nonce);
}

/** One file's page: a big preview for images, its status and download button, and its QR. */
export function filePage(
  content: ShareContent & {
    readonly file: FileItem;
    readonly shareUrl: string;
    readonly previewUrl: string;
  },
  nonce: string,
  script: string,
): string {
  const { file } = content;
  const preview = file.status.thumb
    ? `<img class="big" src="${esc(content.previewUrl)}" alt="Preview of ${esc(file.filename)}">`
    : '';
  const body = `<h1>${esc(file.filename)}</h1>
<p><a href="${esc(content.shareUrl)}">All files in this share</a></p>
${expiryLine(content.expires)}
${preview}
<ul class="files" data-progress="${esc(content.progressUrl)}">
${fileItem(file, false)}
</ul>
${linkBlock(content)}
<script nonce="${nonce}">${script}</script>`;
  return layout(file.filename, body, nonce);
}

/** A page for a link that leads nowhere, saying why and what to do. */
export function problemPage(
  title: string,
  message: string,
  nonce: string,
  /** Where to go instead, e.g. the share link: shown as a link after the message. */
  next?: { readonly href: string; readonly text: string },
): string {
  const link = next ? ` <a href="${esc(next.href)}">${esc(next.text)}</a>` : '';
  return layout(title, `<h1>${esc(title)}</h1>\n<p>${esc(message)}${link}</p>`, nonce);
}

export interface PasswordForm {
  /** Where the form posts (`/<sharename>/unlock`) and the page to return to after it. */
  readonly action: string;
  readonly next: string;
  /** What went wrong with the last try, if anything. */
  readonly error?: string;
}

/**
 * A protected share's page before its password: only that it exists and is protected, and a
 * form for the password (no title, files or sizes).
 */
export function passwordPage(form: PasswordForm, nonce: string): string {
  const error = form.error
    ? `<p class="error" role="alert" id="unlock-error">${esc(form.error)}</p>`
    : '';
  const body = `<h1>This share is protected</h1>
<p>Enter the password the sender gave you to see and download the files.</p>
<form class="card" method="post" action="${esc(form.action)}">
${error}<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="off" required autofocus${form.error ? ' aria-describedby="unlock-error"' : ''}>
<input type="hidden" name="next" value="${esc(form.next)}">
<button type="submit">Unlock</button>
</form>`;
  return layout('Protected share', body, nonce);
}
