/**
 * Per-file progress: smoothed speed and ETA, emitted at most every 100 ms (10 per second).
 * An upload whose bytes stop moving is asked `idle()` every second: its speed decays, and
 * after STALL_MS without a byte it reads 0 with no ETA, instead of the last good figures.
 */
import type { UploadProgress } from '../../shared/model';

export const PROGRESS_INTERVAL_MS = 100;
/** How often a running upload is sampled while no bytes arrive. */
export const IDLE_SAMPLE_MS = 1000;
/** No byte for this long: the upload is stalled, not slow. */
export const STALL_MS = 4000;

export class ProgressMeter {
  private lastAt = -Infinity;
  private lastBytes = 0;
  private movedAt = -Infinity;
  private speed = 0;

  constructor(
    private readonly ref: { sharename: string; fileid: string },
    private total: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The upload's size became known (or changed: an encrypted file's ciphertext). */
  resize(total: number): void {
    this.total = total;
  }

  /** The event to send for `bytes`, or null while throttled. `final` always emits. */
  update(bytes: number, final = false): UploadProgress | null {
    const t = this.now();
    const dt = t - this.lastAt;
    if (!final && dt < PROGRESS_INTERVAL_MS) return null;
    if (bytes !== this.lastBytes || !Number.isFinite(this.movedAt)) this.movedAt = t;
    if (Number.isFinite(dt) && dt > 0) {
      const instant = ((bytes - this.lastBytes) / dt) * 1000;
      this.speed = this.speed === 0 ? instant : this.speed * 0.7 + instant * 0.3;
    }
    const stalled = t - this.movedAt >= STALL_MS && bytes < this.total;
    if (stalled || this.speed < 1) this.speed = 0;
    this.lastAt = t;
    this.lastBytes = bytes;
    const left = Math.max(0, this.total - bytes);
    const eta = left === 0 ? 0 : this.speed > 0 ? left / this.speed : null;
    const progress: UploadProgress = {
      sharename: this.ref.sharename,
      fileid: this.ref.fileid,
      bytes,
      total: this.total,
      speed: Math.round(this.speed),
      eta: eta === null ? null : Math.ceil(eta),
    };
    return stalled ? { ...progress, stalled } : progress;
  }

  /** A sample when nothing was reported for IDLE_SAMPLE_MS (so the figures decay), else null. */
  idle(bytes: number): UploadProgress | null {
    return this.now() - this.lastAt >= IDLE_SAMPLE_MS ? this.update(bytes) : null;
  }
}
