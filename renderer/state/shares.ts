/** The account's shares, newest first, as main last reported them. */
import { create } from 'zustand';
import type { FileView, ShareView } from '../../shared/model';

export interface SharesState {
  readonly shares: readonly ShareView[];
  /** False until the first list arrives, so the empty state does not flash at start. */
  readonly loaded: boolean;
  /** Why the list could not be loaded, for people. */
  readonly loadError: string | null;
}

interface SharesActions {
  setShares: (shares: readonly ShareView[]) => void;
  upsertShare: (share: ShareView) => void;
  removeShare: (sharename: string) => void;
  setLoadError: (message: string | null) => void;
}

export function getInitialState(): SharesState {
  return { shares: [], loaded: false, loadError: null };
}

const newestFirst = (a: ShareView, b: ShareView) => b.created - a.created;

export const useSharesStore = create<SharesState & SharesActions>()((set) => ({
  ...getInitialState(),
  setShares: (shares) =>
    set({ shares: [...shares].sort(newestFirst), loaded: true, loadError: null }),
  upsertShare: (share) =>
    set((s) => ({
      shares: [...s.shares.filter((x) => x.sharename !== share.sharename), share].sort(newestFirst),
    })),
  removeShare: (sharename) =>
    set((s) => ({ shares: s.shares.filter((x) => x.sharename !== sharename) })),
  setLoadError: (loadError) => set({ loadError }),
}));

export const selectShares = (s: SharesState) => s.shares;
export const selectLoaded = (s: SharesState) => s.loaded;
export const selectLoadError = (s: SharesState) => s.loadError;
export const selectIsEmpty = (s: SharesState) => s.loaded && s.shares.length === 0;

export function selectShare(sharename: string) {
  return (s: SharesState): ShareView | undefined => s.shares.find((x) => x.sharename === sharename);
}

export function selectFile(sharename: string, fileid: string) {
  return (s: SharesState): FileView | undefined =>
    selectShare(sharename)(s)?.files.find((f) => f.fileid === fileid);
}

/** Totals shown in a share's header. */
export function shareTotals(share: ShareView): { size: number; downloads: number; files: number } {
  let size = 0;
  let downloads = 0;
  for (const f of share.files) {
    size += f.size ?? f.upload?.total ?? 0;
    downloads += f.downloads;
  }
  return { size, downloads, files: share.files.length };
}
