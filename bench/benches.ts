/** Every benchmark, in the order they run. */
import { app } from './app';
import type { Bench } from './lib/context';
import { memory } from './memory';
import { tail } from './tail';
import { transfer } from './transfer';

export const benches: readonly Bench[] = [transfer, tail, memory, app];
