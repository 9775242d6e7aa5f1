/**
 * Expired shares: they read as removed from the second they expire (storage/rows.ts); this
 * sweeper then deletes their files and bytes, so the owner's storage comes back. It runs when
 * the server starts (shares that expired while it was down) and on a timer.
 */
import type { ServerContext } from './context.js';

/** How often expired shares are looked for; storage comes back within this (plus deleting). */
export const DEFAULT_EXPIRY_SWEEP_MS = 30_000;
const BATCH = 100;

/** Deletes every share expired by now; returns how many. */
export async function sweepExpiredShares(ctx: ServerContext): Promise<number> {
  let swept = 0;
  for (;;) {
    const names = ctx.meta.expiredShares(Math.floor(Date.now() / 1000), BATCH);
    if (names.length === 0) return swept;
    for (const name of names) {
      // Running uploads into it stop (their clients get an error), like a destroy.
      for (const file of ctx.meta.listFiles(name)) ctx.uploads.abort(file.sharename, file.fileid);
      await ctx.discardBlobs(ctx.meta.removeShare(name));
      swept++;
    }
  }
}

export interface Sweeper {
  stop(): Promise<void>;
}

export function startExpirySweeper(ctx: ServerContext, intervalMs: number): Sweeper {
  let running: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    running = running
      .then(() => sweepExpiredShares(ctx))
      .catch((err: unknown) => ctx.logger.warn('expired shares sweep failed', String(err)));
  };
  sweep();
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
