/** What every benchmark gets, and how one says it cannot run here. */
import type { Options } from './options';
import type { Figure } from './report';

export interface Context {
  options: Options;
  /** A fresh temp dir on the same disk for both servers; removed after the run. */
  tmp: string;
  /** The built bundles (dist/). */
  dist: string;
  /** Progress for the person watching (stderr, so stdout stays the table). */
  log(message: string): void;
}

export interface Bench {
  name: string;
  run(ctx: Context): Promise<Figure[]>;
}

/** Thrown when a benchmark's subject is missing from this build; reported, not failed. */
export class Skip extends Error {}
