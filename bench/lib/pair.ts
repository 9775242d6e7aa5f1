/** Runs a benchmark body with ours and the baseline both up, and always stops both. */
import { startBaseline, type Baseline } from './baseline';
import type { Context } from './context';
import { startOurs, type Ours } from './ours';

export async function withBoth<T>(
  ctx: Context,
  name: string,
  body: (ours: Ours, base: Baseline) => Promise<T>,
): Promise<T> {
  const ours = await startOurs(ctx, name);
  let base: Baseline | null = null;
  try {
    base = await startBaseline(ctx, name);
    return await body(ours, base);
  } finally {
    await Promise.all([ours.server.stop(), base?.stop()]);
  }
}
