/**
 * "Copy as…": the text a share's or a file's link is copied as — the plain link, a Markdown
 * link, an HTML <a>, or every link of a share, one per line. Main makes the text from its own
 * share list (the window names only the share, the file and the form), so what lands on the
 * clipboard is made here and nowhere else.
 */
import type { FileView, ShareView } from './model';

export const LINK_FORMATS = ['plain', 'markdown', 'html', 'all'] as const;
export type LinkFormat = (typeof LINK_FORMATS)[number];

/** What a share without a title and without files is called. */
export const UNTITLED_SHARE = 'Untitled share';

/** Line breaks, tabs and other control characters in a name would break the line or the link. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();

/** Characters that would end a Markdown link early, or start emphasis, code, HTML or an entity. */
export const escapeMarkdown = (s: string) =>
  oneLine(s).replace(/[\\`*_[\]<>&~|]/g, (c) => `\\${c}`);

/** A link destination with spaces, brackets or angle brackets would end early. */
const markdownUrl = (url: string) =>
  url.replace(
    /[\s()<>\\]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );

export const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** How a share's link reads: its title, else what it holds ("a.pdf and 2 more"). */
export function shareLabel(share: ShareView): string {
  if (share.title) return share.title;
  const files = share.files.filter((f) => f.readystate !== 'removed');
  const [first, ...rest] = files;
  if (!first) return UNTITLED_SHARE;
  return rest.length === 0 ? first.filename : `${first.filename} and ${rest.length} more`;
}

/** One link in one form. */
export function formatLink(format: Exclude<LinkFormat, 'all'>, url: string, name: string): string {
  switch (format) {
    case 'plain':
      return url;
    case 'markdown':
      return `[${escapeMarkdown(name)}](${markdownUrl(url)})`;
    case 'html':
      return `<a href="${escapeHtml(url)}">${escapeHtml(oneLine(name))}</a>`;
  }
}

export interface LinkText {
  /** What goes on the clipboard. */
  readonly text: string;
  /** The links in it, for the tray's recent links. */
  readonly links: readonly string[];
}

/**
 * The text for a share (no fileid) or one of its files; undefined when the file is not in the
 * share or was removed (its link no longer works). "all" is for a share: its link, then each
 * file's, as "name: link" lines in drop order.
 */
export function linkText(
  format: LinkFormat,
  share: ShareView,
  fileid?: string,
): LinkText | undefined {
  const live = share.files.filter((f) => f.readystate !== 'removed');
  if (fileid !== undefined) {
    const file: FileView | undefined = live.find((f) => f.fileid === fileid);
    if (!file || format === 'all') return undefined;
    return { text: formatLink(format, file.getturl, file.filename), links: [file.getturl] };
  }
  if (format !== 'all') {
    return { text: formatLink(format, share.getturl, shareLabel(share)), links: [share.getturl] };
  }
  const lines = [
    `${oneLine(shareLabel(share))}: ${share.getturl}`,
    ...live.map((f) => `${oneLine(f.filename)}: ${f.getturl}`),
  ];
  return { text: lines.join('\n'), links: [share.getturl, ...live.map((f) => f.getturl)] };
}
