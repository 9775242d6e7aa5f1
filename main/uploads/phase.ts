/**
 * The phases of a queued upload and every move between them, in one table. The queue only
 * changes a phase through `transition`: an event that does not apply to the phase an item is
 * in changes nothing, which is how a stopped upload keeps the phase its stopper chose (a
 * pause, a live failure) and only an upload stopped for no such reason goes back to the queue.
 * Leaving the queue (finished, cancelled, deleted) is no phase: the item is removed.
 */
import type { AppErrorView } from '../../shared/errors';
import type { UploadPhase } from '../../shared/model';

export type Phase = Exclude<UploadPhase, 'done'>;

export type PhaseEvent =
  /** Its turn came, or a download bumped it ahead of the queue. */
  | 'start'
  /** The person paused it (or all uploads). */
  | 'pause'
  /** The person resumed it (or all uploads). */
  | 'resume'
  /** Another try: the person asked, or the server is back. */
  | 'requeue'
  /** The upload failed, or a live event failed it (storage limit, terms). */
  | 'fail'
  /** The upload stopped and nobody set another phase: the queue is closing. */
  | 'stopped';

export const phaseEvents: readonly PhaseEvent[] = [
  'start',
  'pause',
  'resume',
  'requeue',
  'fail',
  'stopped',
];

export const TRANSITIONS: Readonly<Record<Phase, Readonly<Partial<Record<PhaseEvent, Phase>>>>> = {
  queued: { start: 'uploading', pause: 'paused', fail: 'failed' },
  uploading: { pause: 'paused', fail: 'failed', stopped: 'queued' },
  paused: { resume: 'queued', fail: 'failed' },
  failed: { requeue: 'queued', fail: 'failed' },
};

/** The phase `event` moves `phase` to, or null when it does not apply. */
export function nextPhase(phase: Phase, event: PhaseEvent): Phase | null {
  return TRANSITIONS[phase][event] ?? null;
}

/**
 * Moves an item by one event: its phase, and its error (set on `fail`, cleared otherwise).
 * Returns false, changing nothing, when the event does not apply to the item's phase.
 */
export function transition(
  item: { phase: Phase; error?: AppErrorView },
  event: PhaseEvent,
  error?: AppErrorView,
): boolean {
  const next = nextPhase(item.phase, event);
  if (!next) return false;
  item.phase = next;
  if (next !== 'failed') delete item.error;
  else if (error) item.error = error;
  return true;
}
