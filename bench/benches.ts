/** Every benchmark, in the order they run. */
import type { Bench } from './lib/context';
import { tail } from './tail';
import { transfer } from './transfer';

export const benches: readonly Bench[] = [transfer, tail];
