/** Progress bar with percent, speed and time left; subscribes to this file's progress only. */
import type { UploadView } from '../../../shared/model';
import { formatBytes, formatEta, formatSpeed, percent } from '../../lib/format';
import { selectStatus, useConnectionStore } from '../../state/connection';
import { selectProgress, useProgressStore } from '../../state/progress';

interface Props {
  sharename: string;
  fileid: string;
  filename: string;
  /** Last state from the share list, used until the first progress tick arrives. */
  upload: UploadView | undefined;
  size: number | null;
  running: boolean;
  /** The state in words ("paused", "queued") for a row that is not running. */
  stateWord?: string;
}

export function FileProgress({
  sharename,
  fileid,
  filename,
  upload,
  size,
  running,
  stateWord,
}: Props) {
  const tick = useProgressStore(selectProgress(sharename, fileid));
  // A tick is newer than the list's snapshot; take all of it (its eta may be null on purpose).
  const now = tick ?? upload;
  const bytes = now?.bytes ?? 0;
  const total = now?.total ?? size ?? 0;
  const speed = now?.speed ?? 0;
  const eta = now?.eta ?? null;
  const pct = percent(bytes, total);
  // With the server away no byte can land, whatever the decaying speed says: the upload is
  // waiting, not slow. Say so on the row itself.
  const away = useConnectionStore((c) => {
    const status = selectStatus(c);
    return status === 'reconnecting' || status === 'offline';
  });
  const waiting = running && away;
  const stalled = running && !waiting && tick?.stalled === true;
  return (
    <div className="progress">
      <div
        className="progress__bar"
        role="progressbar"
        aria-label={`Upload of ${filename}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={`${pct}%`}
      >
        <div className="progress__fill" style={{ width: `${pct}%` }} />
      </div>
      <span className="progress__text">
        <strong>{pct}%</strong>
        {waiting ? (
          <> · waiting for the server to come back</>
        ) : stalled ? (
          <> · stalled, nothing sent for a few seconds</>
        ) : running ? (
          <>
            {' · '}
            {formatSpeed(speed)} · {formatEta(eta)}
          </>
        ) : (
          <>
            {/* Where the state badge is hidden (a narrow window), the text says it. */}
            {stateWord ? <span className="progress__state"> · {stateWord}</span> : null}
            {' · '}
            {formatBytes(bytes)} of {formatBytes(total)}
          </>
        )}
      </span>
    </div>
  );
}
