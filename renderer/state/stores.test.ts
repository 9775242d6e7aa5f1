import { describe, expect, it, vi } from 'vitest';
import { file, share } from '../test/fixtures';
import { selectProgress, useProgressStore } from './progress';
import { selectIsEmpty, selectShares, shareTotals, useSharesStore } from './shares';
import {
  COALESCE_MS,
  listNames,
  MAX_VISIBLE,
  MAX_WAITING,
  selectToasts,
  useToastsStore,
} from './toasts';

describe('shares store', () => {
  it('keeps shares newest first and is not "empty" before the first load', () => {
    expect(selectIsEmpty(useSharesStore.getState())).toBe(false);
    useSharesStore
      .getState()
      .setShares([
        share({ sharename: 'old', created: 100 }),
        share({ sharename: 'new', created: 300 }),
        share({ sharename: 'mid', created: 200 }),
      ]);
    expect(selectShares(useSharesStore.getState()).map((s) => s.sharename)).toEqual([
      'new',
      'mid',
      'old',
    ]);
    useSharesStore.getState().upsertShare(share({ sharename: 'newest', created: 400 }));
    useSharesStore.getState().removeShare('mid');
    expect(selectShares(useSharesStore.getState()).map((s) => s.sharename)).toEqual([
      'newest',
      'new',
      'old',
    ]);
  });

  it('reports empty only once loaded with no shares', () => {
    useSharesStore.getState().setShares([]);
    expect(selectIsEmpty(useSharesStore.getState())).toBe(true);
  });

  it('totals size and downloads, counting queued files by their upload size', () => {
    const totals = shareTotals(
      share({
        sharename: 's',
        files: [
          file({ fileid: '0', size: 1000, downloads: 2 }),
          file({
            fileid: '1',
            size: null,
            readystate: 'remote',
            downloads: 1,
            upload: { phase: 'queued', bytes: 0, total: 500, speed: 0, eta: null },
          }),
        ],
      }),
    );
    expect(totals).toEqual({ size: 1500, downloads: 3, files: 2 });
  });
});

describe('progress store', () => {
  it('stores ticks by file and prunes files that stopped uploading', () => {
    const { update, prune } = useProgressStore.getState();
    update({ sharename: 's', fileid: '0', bytes: 10, total: 100, speed: 5, eta: 18 });
    update({ sharename: 's', fileid: '1', bytes: 50, total: 100, speed: 5, eta: 10 });
    const upload = { phase: 'uploading', bytes: 10, total: 100, speed: 5, eta: 18 } as const;
    prune([
      share({
        sharename: 's',
        files: [file({ fileid: '0', readystate: 'uploading', upload }), file({ fileid: '1' })],
      }),
    ]);
    expect(selectProgress('s', '0')(useProgressStore.getState())?.bytes).toBe(10);
    expect(selectProgress('s', '1')(useProgressStore.getState())).toBeUndefined();
  });

  it('leaves the state object alone when nothing is pruned, so no row re-renders', () => {
    const before = useProgressStore.getState().byFile;
    useProgressStore.getState().prune([]);
    expect(useProgressStore.getState().byFile).toBe(before);
  });
});

describe('toasts store', () => {
  const messages = () => selectToasts(useToastsStore.getState()).map((t) => t.message);

  it(`keeps the newest ${MAX_VISIBLE}, dropping overtaken info, and replaces by id`, () => {
    const { push, dismiss } = useToastsStore.getState();
    for (let i = 0; i < MAX_VISIBLE + 2; i += 1) push({ kind: 'info', message: `m${i}` });
    expect(messages()).toEqual(['m2', 'm3', 'm4']);
    push({ id: 'x', kind: 'info', message: 'first' });
    push({ id: 'x', kind: 'error', message: 'second' });
    const x = selectToasts(useToastsStore.getState()).filter((t) => t.id === 'x');
    expect(x.map((t) => [t.kind, t.message])).toEqual([['error', 'second']]);
    dismiss('x');
    expect(messages()).toEqual(['m3', 'm4']);
  });

  it(`keeps overtaken errors waiting, at most ${MAX_WAITING}`, () => {
    const { push } = useToastsStore.getState();
    for (let i = 0; i < MAX_WAITING + MAX_VISIBLE + 1; i += 1)
      push({ kind: 'error', message: `e${i}` });
    push({ kind: 'info', message: 'note' });
    const list = messages();
    expect(list).toHaveLength(MAX_WAITING + MAX_VISIBLE);
    expect(list.at(0)).toBe('e2');
    expect(list.at(-1)).toBe('note');
  });

  it('joins toasts of one group only within the window, and only plain ones', () => {
    vi.useFakeTimers();
    try {
      const { push } = useToastsStore.getState();
      const done = (name: string) => ({
        kind: 'success' as const,
        message: `${name} is uploaded.`,
        group: { key: 'uploaded' as const, name },
      });
      push({ id: 'a', ...done('a.txt') });
      vi.advanceTimersByTime(COALESCE_MS);
      const id = push({ id: 'b', ...done('b.txt') });
      expect(id).toBe('a');
      // The text alone does not group: only the typed group does.
      push({ kind: 'success', message: 'c.txt is uploaded.' });
      push({ ...done('d.txt'), action: 'Open it' });
      expect(messages()).toEqual(['2 files uploaded.', 'c.txt is uploaded.', 'd.txt is uploaded.']);
      vi.advanceTimersByTime(COALESCE_MS + 1);
      push(done('e.txt'));
      expect(messages().at(-1)).toBe('e.txt is uploaded.');
    } finally {
      vi.useRealTimers();
    }
  });

  it('lists a few names and counts the rest', () => {
    expect(listNames(['a', 'b'])).toBe('a, b');
    expect(listNames(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c and 2 more');
  });
});
