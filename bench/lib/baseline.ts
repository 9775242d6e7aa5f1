/** The minimal node:http baseline server (bench/baseline/server.ts) in its own process. */
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context } from './context';
import { startListening, type Running } from './procs';
import type { Target } from './targets';

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

/** Upload slots on the baseline: one file each, tailed from the moment it exists. */
export function baselineTarget(base: Running, dataDir: string): Target {
  let n = 0;
  return {
    name: 'baseline',
    slot(filename) {
      const name = `${n++}-${filename}`;
      const url = `${base.url}/files/${name}`;
      return Promise.resolve({
        puturl: url,
        tailUrl: url,
        // The baseline follows a file from the moment it exists on disk.
        uploading: async () => {
          for (;;) {
            const s = await stat(join(dataDir, name)).catch(() => null);
            if (s) return;
            await new Promise((r) => setTimeout(r, 2));
          }
        },
        remove: async () => {
          await fetch(url, { method: 'DELETE' }).then((r) => r.arrayBuffer());
        },
      });
    },
  };
}
