/**
 * Frees the Buffers of streamed bodies early. Every chunk that passes through the server (a
 * request body from the HTTP parser, a read from disk) is a fresh external allocation that
 * dies at once, but V8 only finds it dead in a garbage collection. The server allocates few
 * small JS objects per chunk, so its young generation rarely fills and no cheap scavenge
 * runs; the chunks then pile up to V8's 64 MB external-memory limit, which starts a full
 * mark-compact of the whole heap (measured: one per 20-64 MiB uploaded, and as much extra
 * RSS). Asking for a scavenge every few MiB of chunks frees them young, as a minimal server
 * that allocates more per chunk gets for free.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Bytes of streamed chunks between two scavenges. */
const EVERY = 16 * 1024 * 1024;

type Gc = (opts: { type: 'minor'; execution: 'async' }) => void;

function exposeGc(): Gc | undefined {
  try {
    if (typeof globalThis.gc !== 'function') setFlagsFromString('--expose-gc');
    // A fresh context gets the `gc` global the flag adds; the main context does not.
    const gc: unknown = globalThis.gc ?? runInNewContext('gc');
    return typeof gc === 'function' ? (gc as Gc) : undefined;
  } catch {
    return undefined;
  }
}

let gc: Gc | undefined | null = null;
let pending = 0;

/**
 * Counts `bytes` of chunks that are dead once handled; every EVERY bytes asks for a scavenge.
 * Returns whether it did (false too where the runtime does not allow it).
 */
export function chunksPassed(bytes: number): boolean {
  pending += bytes;
  if (pending < EVERY) return false;
  pending = 0;
  if (gc === null) gc = exposeGc();
  gc?.({ type: 'minor', execution: 'async' });
  return gc !== undefined;
}
