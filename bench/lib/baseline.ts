/** The minimal node:http baseline server (bench/baseline/server.ts) in its own process. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context } from './context';
import { startListening, type Running } from './procs';
import { baselineTarget, type Target } from './targets';

export interface Baseline extends Running {
  dataDir: string;
  target: Target;
}

export async function startBaseline(ctx: Context, name: string): Promise<Baseline> {
  const dataDir = join(ctx.tmp, `baseline-${name}`);
  await mkdir(dataDir, { recursive: true });
  const running = await startListening(
    [join(ctx.dist, 'bench/baseline-server.cjs'), dataDir],
    'baseline server',
  );
  return { ...running, dataDir, target: baselineTarget(running, dataDir) };
}
