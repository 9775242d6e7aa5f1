/**
 * `npm run bench`: measures the DESIGN.md targets, each beside a baseline measured in the same
 * run, prints a table and writes bench-results.json. Absolute numbers are printed, never
 * asserted; the exit code says only whether the harness itself worked.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benches } from './benches';
import { Skip, type Context } from './lib/context';
import { parseOptions } from './lib/options';
import { machineInfo, printTable, writeResults, type Figure, type Skipped } from './lib/report';

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const unknown = options.only.filter((n) => !benches.some((b) => b.name === n));
  if (unknown.length > 0) {
    throw new Error(
      `unknown benchmark ${unknown.join(', ')}; known: ${benches.map((b) => b.name).join(', ')}`,
    );
  }
  const started = performance.now();
  const machine = machineInfo();
  const tmp = await mkdtemp(join(tmpdir(), 'gett-bench-'));
  const ctx: Context = {
    options,
    tmp,
    dist: resolve(__dirname, '..'),
    log: (m) => process.stderr.write(`bench: ${m}\n`),
  };
  const figures: Figure[] = [];
  const skipped: Skipped[] = [];
  let failed = false;
  try {
    for (const b of benches) {
      if (options.only.length > 0 && !options.only.includes(b.name)) continue;
      ctx.log(`${b.name}…`);
      const t0 = performance.now();
      try {
        figures.push(...(await b.run(ctx)));
        ctx.log(`${b.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        if (!(err instanceof Skip)) failed = true;
        skipped.push({ bench: b.name, reason: err instanceof Skip ? reason : `failed: ${reason}` });
        ctx.log(`${b.name}: ${reason}`);
      }
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  printTable(figures, skipped);
  await writeResults(options.out, options, machine, figures, skipped, seconds);
  console.log(`${figures.length} figures in ${seconds} s; details in ${options.out}`);
  if (failed) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
