/** Command-line options of `npm run bench`. */
import { parseArgs } from 'node:util';

export interface Options {
  quick: boolean;
  /** Bytes of the large upload and download. */
  size: number;
  rounds: number;
  /** Benchmarks to run, by name; empty means all. */
  only: string[];
  out: string;
}

const units: Record<string, number> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 };

/** Parses sizes like `1GiB`, `64MiB`, `512k` or plain bytes. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?$/i.exec(text.trim());
  if (!m) throw new Error(`--size must look like 1GiB, 64MiB or 1048576 (got "${text}").`);
  const bytes = Math.round(Number(m[1]) * units[m[2]!.toLowerCase()]!);
  if (bytes < 2 ** 20) throw new Error(`--size must be at least 1 MiB (got "${text}").`);
  return bytes;
}

export function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      size: { type: 'string' },
      rounds: { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string', default: 'bench-results.json' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(
      'usage: npm run bench -- [--quick] [--size 1GiB] [--rounds 3] [--only upload,download,...] [--out bench-results.json]',
    );
    process.exit(0);
  }
  const quick = values.quick;
  const rounds = values.rounds === undefined ? (quick ? 1 : 3) : Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 50) {
    throw new Error(`--rounds must be a whole number from 1 to 50 (got "${values.rounds}").`);
  }
  return {
    quick,
    size: values.size ? parseSize(values.size) : quick ? 64 * 2 ** 20 : 2 ** 30,
    rounds,
    only: values.only ? values.only.split(',').map((s) => s.trim()) : [],
    out: values.out,
  };
}
