/** The one table of which upload phases are active and in flight, and the counts built on it. */
import { describe, expect, test } from 'vitest';
import type { FileView, ShareView, UploadPhase } from './model';
import { inFlightFiles, isActive, isInFlight, uploadCounts } from './uploads';

describe('upload phases', () => {
  // phase → [active (Pause applies), in flight (progress to show)]
  test.each<[UploadPhase | undefined, boolean, boolean]>([
    ['queued', true, true],
    ['uploading', true, true],
    ['paused', false, true],
    ['failed', false, false],
    ['done', false, false],
    [undefined, false, false],
  ])('%s: active %s, in flight %s', (phase, active, inFlight) => {
    expect(isActive(phase)).toBe(active);
    expect(isInFlight(phase)).toBe(inFlight);
  });
});

const f = (fileid: string, phase?: UploadPhase): FileView => ({
  sharename: 's',
  fileid,
  filename: `${fileid}.bin`,
  size: 10,
  readystate: phase === 'done' ? 'uploaded' : 'uploading',
  created: 0,
  getturl: `http://127.0.0.1/s/v/${fileid}`,
  downloads: 0,
  ...(phase ? { upload: { phase, bytes: 0, total: 10, speed: 0, eta: null } } : {}),
});
const s = (sharename: string, files: FileView[]): ShareView => ({
  sharename,
  title: null,
  getturl: `http://127.0.0.1/${sharename}`,
  created: 0,
  files: files.map((file) => ({ ...file, sharename })),
});

test('uploadCounts counts active and paused files across shares, nothing else', () => {
  const shares = [
    s('a', [f('0', 'uploading'), f('1', 'queued'), f('2', 'paused'), f('3', 'failed')]),
    s('b', [f('0', 'done'), f('1'), f('2', 'paused'), f('3', 'queued')]),
  ];
  expect(uploadCounts(shares)).toEqual({ active: 3, paused: 2 });
  expect([...inFlightFiles(shares)].map((x) => `${x.sharename}/${x.fileid}`)).toEqual([
    'a/0',
    'a/1',
    'a/2',
    'b/2',
    'b/3',
  ]);
  expect(uploadCounts([])).toEqual({ active: 0, paused: 0 });
});
