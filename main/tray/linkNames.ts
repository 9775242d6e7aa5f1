/**
 * What a recent link points at, for the tray: a file's name, or a share's title or the names
 * of its files. Links of shares no longer in the list keep the bare link.
 */
import type { ShareView } from '../../shared/model';

export interface RecentLink {
  readonly link: string;
  /** The share's title or file names; absent when the link is not in the share list. */
  readonly name?: string;
}

const MAX_NAME = 48;

function shorten(text: string): string {
  return text.length <= MAX_NAME ? text : `${text.slice(0, MAX_NAME - 1)}…`;
}

function shareName(share: ShareView): string | undefined {
  if (share.title) return share.title;
  const [first, ...rest] = share.files;
  if (!first) return undefined;
  return rest.length === 0 ? first.filename : `${first.filename} and ${rest.length} more`;
}

/** Names the links; links of expired shares are left out (they no longer open anything). */
export function nameLinks(links: readonly string[], shares: readonly ShareView[]): RecentLink[] {
  const names = new Map<string, string>();
  const expired = new Set<string>();
  for (const share of shares) {
    if (share.expired) {
      expired.add(share.getturl);
      for (const f of share.files) expired.add(f.getturl);
      continue;
    }
    const name = shareName(share);
    if (name) names.set(share.getturl, name);
    for (const f of share.files) names.set(f.getturl, f.filename);
  }
  return links
    .filter((link) => !expired.has(link))
    .map((link) => {
      const name = names.get(link);
      return name ? { link, name: shorten(name) } : { link };
    });
}

/** The tray's label: "name — link", or the link alone. */
export const recentLabel = (r: RecentLink): string => (r.name ? `${r.name} — ${r.link}` : r.link);
