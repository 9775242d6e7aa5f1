/** What the window shows right now: the view, an open dialog, a drag in progress. */
import { create } from 'zustand';

export type View = 'shares' | 'settings';

export type Dialog =
  | { readonly kind: 'deleteShare'; readonly sharename: string }
  | { readonly kind: 'deleteFile'; readonly sharename: string; readonly fileid: string }
  | { readonly kind: 'qr'; readonly url: string; readonly label: string }
  | { readonly kind: 'linkOptions'; readonly sharename: string }
  /** A drop waiting for its password and link options (Settings: ask on drop). */
  | { readonly kind: 'dropLinks'; readonly paths: readonly string[] };

export interface UiState {
  readonly view: View;
  readonly dialog: Dialog | null;
  /** True while files are dragged over the window. */
  readonly dragging: boolean;
  /** The share a drop would add to; null = a new share. */
  readonly dropTarget: string | null;
  /** A share to scroll into view once the list has it (after a drop). */
  readonly reveal: string | null;
  /** What the share list is searched for (titles and file names); '' shows everything. */
  readonly query: string;
  /** Whether the next new shares are encrypted; null follows the Settings default. */
  readonly encryptNext: boolean | null;
}

interface UiActions {
  setView: (view: View) => void;
  openDialog: (dialog: Dialog) => void;
  closeDialog: () => void;
  setDrag: (dragging: boolean, dropTarget?: string | null) => void;
  setReveal: (sharename: string | null) => void;
  setQuery: (query: string) => void;
  setEncryptNext: (encrypt: boolean | null) => void;
}

export function getInitialState(): UiState {
  return {
    view: 'shares',
    dialog: null,
    dragging: false,
    dropTarget: null,
    reveal: null,
    query: '',
    encryptNext: null,
  };
}

export const useUiStore = create<UiState & UiActions>()((set) => ({
  ...getInitialState(),
  setView: (view) => set({ view }),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  setDrag: (dragging, dropTarget = null) =>
    set((s) =>
      s.dragging === dragging && s.dropTarget === dropTarget ? s : { dragging, dropTarget },
    ),
  setReveal: (reveal) => set({ reveal }),
  setQuery: (query) => set({ query }),
  setEncryptNext: (encryptNext) => set({ encryptNext }),
}));

export const selectView = (s: UiState) => s.view;
export const selectDialog = (s: UiState) => s.dialog;
export const selectDragging = (s: UiState) => s.dragging;
export const selectDropTarget = (s: UiState) => s.dropTarget;
export const selectQuery = (s: UiState) => s.query;
