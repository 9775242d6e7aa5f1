/**
 * Live upload progress, kept apart from the share list so that a progress tick re-renders
 * only the row of that file.
 */
import { create } from 'zustand';
import type { ShareView, UploadProgress } from '../../shared/model';
import { inFlightFiles } from '../../shared/uploads';

export interface ProgressState {
  readonly byFile: Readonly<Record<string, UploadProgress>>;
}

interface ProgressActions {
  update: (progress: UploadProgress) => void;
  /** Drops entries of files that are no longer uploading in the given share list. */
  prune: (shares: readonly ShareView[]) => void;
}

export function getInitialState(): ProgressState {
  return { byFile: {} };
}

export const progressKey = (sharename: string, fileid: string) => `${sharename}/${fileid}`;

export const useProgressStore = create<ProgressState & ProgressActions>()((set) => ({
  ...getInitialState(),
  update: (p) => set((s) => ({ byFile: { ...s.byFile, [progressKey(p.sharename, p.fileid)]: p } })),
  prune: (shares) =>
    set((s) => {
      const keep: Record<string, UploadProgress> = {};
      let dropped = false;
      const active = new Set<string>();
      for (const f of inFlightFiles(shares)) active.add(progressKey(f.sharename, f.fileid));
      for (const [key, value] of Object.entries(s.byFile)) {
        if (active.has(key)) keep[key] = value;
        else dropped = true;
      }
      return dropped ? { byFile: keep } : s;
    }),
}));

export function selectProgress(sharename: string, fileid: string) {
  const key = progressKey(sharename, fileid);
  return (s: ProgressState): UploadProgress | undefined => s.byFile[key];
}
