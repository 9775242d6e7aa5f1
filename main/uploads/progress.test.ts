import { describe, expect, it } from 'vitest';
import type { UploadProgress } from '../../shared/model';
import { ProgressMeter } from './progress';

describe('upload progress', () => {
  const ref = { sharename: 's', fileid: '0' };

  it('emits at most one event per 100 ms of the clock, and always the final one', () => {
    let t = 0;
    const meter = new ProgressMeter(ref, 10_000, () => t);
    const emitted: number[] = [];
    for (let bytes = 100; bytes <= 9_900; bytes += 100) {
      t += 10; // a chunk every 10 ms: 99 chunks over ~1 s
      const p = meter.update(bytes);
      if (p) emitted.push(p.bytes);
    }
    expect(emitted.length).toBeGreaterThanOrEqual(9);
    expect(emitted.length).toBeLessThanOrEqual(11);
    const last = meter.update(10_000, true);
    expect(last).toMatchObject({ bytes: 10_000, total: 10_000, eta: 0 });
  });

  it('reports speed and ETA from the bytes over time', () => {
    let t = 0;
    const meter = new ProgressMeter(ref, 1_000_000, () => t);
    expect(meter.update(0)).toMatchObject({ speed: 0, eta: null });
    t = 1000;
    const p = meter.update(100_000)!;
    expect(p.speed).toBe(100_000);
    expect(p.eta).toBe(9);
  });
});

describe('a stalled upload', () => {
  const ref = { sharename: 's', fileid: '0' };

  it('lets speed and ETA decay while no bytes move, then reports no speed and no ETA', () => {
    let t = 0;
    const meter = new ProgressMeter(ref, 100_000_000, () => t);
    meter.update(0);
    t = 1000;
    expect(meter.update(34_000_000)!.speed).toBe(34_000_000);
    const speeds: number[] = [];
    let last: UploadProgress | null = null;
    for (let i = 0; i < 20; i += 1) {
      t += 1000;
      last = meter.idle(34_000_000);
      speeds.push(last?.speed ?? -1);
    }
    expect(speeds[0]).toBeLessThan(34_000_000);
    expect(speeds[1]).toBeLessThan(speeds[0]!);
    expect(last).toMatchObject({ bytes: 34_000_000, speed: 0, eta: null, stalled: true });
  });

  it('is not sampled while bytes keep coming', () => {
    let t = 0;
    const meter = new ProgressMeter(ref, 1_000_000, () => t);
    meter.update(0);
    t = 500;
    meter.update(50_000);
    t = 900;
    expect(meter.idle(50_000)).toBeNull();
  });
});
