/** Per-file progress: smoothed speed and ETA, emitted at most every 100 ms (10 per second). */
import type { UploadProgress } from '../../shared/model';

export const PROGRESS_INTERVAL_MS = 100;

export class ProgressMeter {
  private lastAt = -Infinity;
  private lastBytes = 0;
  private speed = 0;

  constructor(
    private readonly ref: { sharename: string; fileid: string },
    private readonly total: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The event to send for `bytes`, or null while throttled. `final` always emits. */
  update(bytes: number, final = false): UploadProgress | null {
    const t = this.now();
    const dt = t - this.lastAt;
    if (!final && dt < PROGRESS_INTERVAL_MS) return null;
    if (Number.isFinite(dt) && dt > 0) {
      const instant = ((bytes - this.lastBytes) / dt) * 1000;
      this.speed = this.speed === 0 ? instant : this.speed * 0.7 + instant * 0.3;
    }
    this.lastAt = t;
    this.lastBytes = bytes;
    const left = Math.max(0, this.total - bytes);
    const eta = left === 0 ? 0 : this.speed > 0 ? left / this.speed : null;
    return {
      sharename: this.ref.sharename,
      fileid: this.ref.fileid,
      bytes,
      total: this.total,
      speed: Math.round(this.speed),
      eta: eta === null ? null : Math.ceil(eta),
    };
  }
}
