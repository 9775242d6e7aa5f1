/** Figures, the stdout table and bench-results.json. */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import type { Options } from './options';

/** One measured figure: ours beside the baseline measured in the same run. */
export interface Figure {
  id: string;
  label: string;
  unit: string;
  ours: number | null;
  baseline: number | null;
  /** ours / baseline. */
  ratio: number | null;
  /** The DESIGN.md target in words, when there is one. */
  target?: string;
  /** Whether the target is met; null when it cannot be judged. */
  met?: boolean | null;
  /** Per-round samples behind the medians. */
  samples?: { ours: number[]; baseline: number[] };
  note?: string;
}

export interface Skipped {
  bench: string;
  reason: string;
}

/** Builds a figure from per-round samples, taking medians and their ratio. */
export function figure(
  f: Omit<Figure, 'ours' | 'baseline' | 'ratio' | 'samples'> & {
    ours: number | null;
    baseline: number | null;
    samples?: Figure['samples'];
  },
): Figure {
  const ratio =
    f.ours !== null && f.baseline !== null && f.baseline !== 0 ? f.ours / f.baseline : null;
  return { ...f, ratio };
}

export function machineInfo() {
  let gitSha: string | null = null;
  try {
    gitSha = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout (an unpacked release); the sha stays unknown.
  }
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryBytes: os.totalmem(),
    loadavg: os.loadavg(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    gitSha,
  };
}

const fmt = (n: number | null, digits = 1): string =>
  n === null || Number.isNaN(n) ? '–' : n >= 1000 ? n.toFixed(0) : n.toFixed(digits);

/** Prints the figures as an aligned table. */
export function printTable(figures: readonly Figure[], skipped: readonly Skipped[]): void {
  const rows = [
    ['figure', 'ours', 'baseline', 'ratio', 'target', 'met'],
    ...figures.map((f) => [
      f.label,
      `${fmt(f.ours)} ${f.unit}`,
      f.baseline === null ? '–' : `${fmt(f.baseline)} ${f.unit}`,
      f.ratio === null ? '–' : `${f.ratio.toFixed(2)}×`,
      f.target ?? '',
      f.met === undefined || f.met === null ? '' : f.met ? 'yes' : 'NO',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const [i, r] of rows.entries()) {
    console.log(
      r
        .map((cell, j) => (j === 0 ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!)))
        .join('  '),
    );
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  for (const f of figures.filter((f) => f.note)) console.log(`note: ${f.label}: ${f.note}`);
  for (const s of skipped) console.log(`skipped ${s.bench}: ${s.reason}`);
}

export async function writeResults(
  path: string,
  options: Options,
  machine: ReturnType<typeof machineInfo>,
  figures: readonly Figure[],
  skipped: readonly Skipped[],
  seconds: number,
): Promise<void> {
  // Load at both ends: on a shared machine it says how far to trust the ratios.
  const doc = {
    date: new Date().toISOString(),
    seconds,
    machine: { ...machine, loadavgAtEnd: os.loadavg() },
    options,
    figures,
    skipped,
  };
  await writeFile(path, `${JSON.stringify(doc, null, 2)}\n`);
}
