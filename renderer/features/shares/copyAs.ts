/** "Copy as…": a link as plain text, a Markdown link, an HTML <a>, or every link of a share. */
import type { ShareView } from '../../../shared/model';

export type LinkFormat = 'plain' | 'markdown' | 'html';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Brackets and backslashes in the text would end a Markdown link early. */
const escapeMarkdown = (s: string) => s.replace(/[\\[\]]/g, (c) => `\\${c}`);

export function formatLink(format: LinkFormat, url: string, text: string): string {
  switch (format) {
    case 'plain':
      return url;
    case 'markdown':
      return `[${escapeMarkdown(text)}](${url.replace(/[()]/g, encodeURIComponent)})`;
    case 'html':
      return `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>`;
  }
}

/** The share's link, then one "name: link" line per file in drop order. */
export function allLinks(share: ShareView, title: string): string {
  const lines = [`${title}: ${share.getturl}`];
  for (const f of share.files) {
    if (f.readystate !== 'removed') lines.push(`${f.filename}: ${f.getturl}`);
  }
  return lines.join('\n');
}
