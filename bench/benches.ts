/** Every benchmark, in the order they run. */
import { app } from './app';
import { fanout } from './fanout';
import { finished } from './finished';
import { idle } from './idle';
import type { Bench } from './lib/context';
import { memory } from './memory';
import { render } from './render';
import { tail } from './tail';
import { thumbs } from './thumbs';
import { transfer } from './transfer';
import { zip } from './zip';

export const benches: readonly Bench[] = [
  transfer,
  tail,
  fanout,
  finished,
  memory,
  idle,
  app,
  thumbs,
  render,
  zip,
];
