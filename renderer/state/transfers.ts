/** Downloads of gett:// links into the Downloads folder, and the app's own update. */
import { create } from 'zustand';
import type { DownloadView, UpdateView } from '../../shared/model';

export interface TransfersState {
  readonly downloads: readonly DownloadView[];
  readonly update: UpdateView;
}

interface TransfersActions {
  setDownloads: (downloads: readonly DownloadView[]) => void;
  setUpdate: (update: UpdateView) => void;
}

export function getInitialState(): TransfersState {
  return { downloads: [], update: { state: 'none' } };
}

export const useTransfersStore = create<TransfersState & TransfersActions>()((set) => ({
  ...getInitialState(),
  setDownloads: (downloads) => set({ downloads }),
  setUpdate: (update) => set({ update }),
}));

export const selectUpdate = (s: TransfersState) => s.update;

export const selectDownloads = (s: TransfersState) => s.downloads;
