/**
 * How many of this app's uploads are under way, as the tray, the status bar and the progress
 * store count them, and what a file row offers. The set of phases that are "in flight" is
 * written here once.
 */
import type { FileView, ShareView, UploadPhase } from './model';

/** Sending or waiting its turn: Pause all applies to these. */
const activePhases: ReadonlySet<UploadPhase> = new Set(['uploading', 'queued']);

/** Sending or waiting its turn: the upload can be paused. */
export function isActive(phase: UploadPhase | undefined): boolean {
  return phase !== undefined && activePhases.has(phase);
}

/** Not finished and not failed: the upload still has progress to show. */
export function isInFlight(phase: UploadPhase | undefined): boolean {
  return isActive(phase) || phase === 'paused';
}

export interface UploadCounts {
  /** Files sending or waiting their turn. */
  readonly active: number;
  readonly paused: number;
}

/** The files of `shares` whose upload is in flight. */
export function* inFlightFiles(shares: readonly ShareView[]): Generator<FileView> {
  for (const share of shares) {
    for (const f of share.files) if (isInFlight(f.upload?.phase)) yield f;
  }
}

export function uploadCounts(shares: readonly ShareView[]): UploadCounts {
  let active = 0;
  let paused = 0;
  for (const f of inFlightFiles(shares)) {
    if (f.upload?.phase === 'paused') paused += 1;
    else active += 1;
  }
  return { active, paused };
}
