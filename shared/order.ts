/**
 * Files in the order they were dropped, everywhere they are listed (the app and the recipient
 * pages). The REST API keeps Ge.tt's newest-first order for old clients; servers number files
 * as they create them, so creation time, then the numeric id, is the drop order.
 */
export function inDropOrder<T extends { readonly fileid: string; readonly created: number }>(
  files: readonly T[],
): T[] {
  return [...files].sort(
    (a, b) =>
      a.created - b.created ||
      Number(a.fileid) - Number(b.fileid) ||
      a.fileid.localeCompare(b.fileid),
  );
}
