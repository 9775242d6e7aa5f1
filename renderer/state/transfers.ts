/** Downloads of gett:// links the app is making into the Downloads folder. */
import { create } from 'zustand';
import type { DownloadView } from '../../shared/model';

export interface TransfersState {
  readonly downloads: readonly DownloadView[];
}

interface TransfersActions {
  setDownloads: (downloads: readonly DownloadView[]) => void;
}

export function getInitialState(): TransfersState {
  return { downloads: [] };
}

export const useTransfersStore = create<TransfersState & TransfersActions>()((set) => ({
  ...getInitialState(),
  setDownloads: (downloads) => set({ downloads }),
}));

export const selectDownloads = (s: TransfersState) => s.downloads;
