/**
 * "Downloading report.pdf — 40%" while a gett:// link is being saved to Downloads, then where
 * it went or why it failed (the last one only; a toast told of each as it ended).
 */
import { formatBytes, percent } from '../../lib/format';
import { selectDownloads, useTransfersStore } from '../../state/transfers';

export function DownloadsSummary() {
  const downloads = useTransfersStore(selectDownloads);
  const running = downloads.filter((d) => d.phase === 'downloading');
  const shown = running[0] ?? downloads.at(-1);
  if (!shown) return null;
  let text: string;
  if (shown.phase === 'downloading') {
    const more = running.length > 1 ? ` (+${running.length - 1} more)` : '';
    const amount =
      shown.total !== null && shown.total > 0
        ? `${percent(shown.bytes, shown.total)}%`
        : formatBytes(shown.bytes);
    text = `Downloading ${shown.filename} — ${amount}${more}`;
  } else if (shown.phase === 'finished') {
    text = `Saved ${shown.path ?? shown.filename}`;
  } else {
    text = `${shown.filename} was not downloaded: ${shown.error ?? 'it failed'}`;
  }
  return (
    <div
      className="downloads-summary"
      data-testid="downloads-summary"
      data-phase={shown.phase}
      role="status"
      title={text}
    >
      {shown.phase === 'downloading' && shown.total ? (
        <progress
          max={shown.total}
          value={shown.bytes}
          aria-label={`Downloading ${shown.filename}`}
        />
      ) : null}
      <span>{text}</span>
    </div>
  );
}
