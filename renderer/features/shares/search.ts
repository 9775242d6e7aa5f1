/**
 * Searching the share history by title and file name. Every word of the query must appear
 * (in any order, ignoring case and accents) in the share's title or in a file's name: a share
 * whose title matches shows all its files, otherwise only the files that match.
 */
import type { FileView, ShareView } from '../../../shared/model';
import { UNTITLED } from './ShareTitle';

/** A share in the list with the files to show under it (all of them when not searching). */
export interface ShareMatch {
  readonly share: ShareView;
  readonly files: readonly FileView[];
}

/** Lower case without accents, so "resume" finds "Résumé.pdf". */
export function normalize(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The query's words, normalized; none for a blank query. */
export function queryTerms(query: string): string[] {
  return normalize(query).split(/\s+/).filter(Boolean);
}

interface Haystack {
  readonly title: string;
  readonly files: readonly string[];
}

// Shares are immutable and replaced on change, so each one is normalized once, not per key.
const haystacks = new WeakMap<ShareView, Haystack>();

function haystackOf(share: ShareView): Haystack {
  let hay = haystacks.get(share);
  if (!hay) {
    hay = {
      title: normalize(share.title ?? UNTITLED),
      files: share.files.map((f) => normalize(f.filename)),
    };
    haystacks.set(share, hay);
  }
  return hay;
}

/** The shares (in their order) that match every term, each with its matching files. */
export function matchShares(shares: readonly ShareView[], query: string): ShareMatch[] {
  const terms = queryTerms(query);
  if (terms.length === 0) return shares.map((share) => ({ share, files: share.files }));
  const out: ShareMatch[] = [];
  for (const share of shares) {
    const hay = haystackOf(share);
    // Words the title already has need not be in the file name too: "report pdf" finds
    // report.pdf and also every .pdf in a share titled "Q3 report".
    const rest = terms.filter((t) => !hay.title.includes(t));
    if (rest.length === 0) {
      out.push({ share, files: share.files });
      continue;
    }
    const files = share.files.filter((_, i) => rest.every((t) => hay.files[i]!.includes(t)));
    if (files.length > 0) out.push({ share, files });
  }
  return out;
}
