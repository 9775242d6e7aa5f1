/** Streamed chunks lead to scavenges that free them young (see scavenge.ts). */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { expect, test } from 'vitest';
import { chunksPassed } from './scavenge.js';

test('every 16 MiB of chunks passed asks V8 for a scavenge', async () => {
  const scavenged = new Promise<void>((resolve) => {
    const observer = new PerformanceObserver((list) => {
      const minor = list
        .getEntries()
        .some(
          (e) =>
            (e as { detail?: { kind?: number } }).detail?.kind ===
            constants.NODE_PERFORMANCE_GC_MINOR,
        );
      if (minor) {
        observer.disconnect();
        resolve();
      }
    });
    observer.observe({ entryTypes: ['gc'] });
  });
  // 16 MiB in 64 KiB chunks, with almost no JS allocation in between to fill the young space.
  const asked = Array.from({ length: 300 }, () => chunksPassed(64 * 1024));
  expect(asked.indexOf(true)).toBe(255);
  expect(asked.filter(Boolean)).toHaveLength(1);
  await scavenged;
});
