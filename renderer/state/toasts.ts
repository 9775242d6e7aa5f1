/** Short messages in the corner: from main (`toast:show`) and from the window itself. */
import { create } from 'zustand';
import type { ToastKind } from '../../shared/model';

export interface ToastItem {
  readonly id: string;
  readonly kind: ToastKind;
  readonly message: string;
  /** What to do next (from main), shown under the message. */
  readonly action?: string;
  /** A button in the toast, e.g. Undo. */
  readonly button?: { readonly label: string; readonly onClick: () => void };
}

export interface ToastsState {
  readonly toasts: readonly ToastItem[];
}

interface ToastsActions {
  push: (toast: Omit<ToastItem, 'id'> & { id?: string }) => string;
  dismiss: (id: string) => void;
}

/** More than this and the oldest go, so a burst of downloads cannot bury the window. */
export const MAX_TOASTS = 4;

let counter = 0;

export function getInitialState(): ToastsState {
  return { toasts: [] };
}

export const useToastsStore = create<ToastsState & ToastsActions>()((set) => ({
  ...getInitialState(),
  push: (toast) => {
    counter += 1;
    const id = toast.id ?? `local-${counter}`;
    set((s) => ({
      toasts: [...s.toasts.filter((t) => t.id !== id), { ...toast, id }].slice(-MAX_TOASTS),
    }));
    return id;
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

export const selectToasts = (s: ToastsState) => s.toasts;

/** Shorthand for features that only need to say something. */
export function toast(kind: ToastKind, message: string, extra?: Partial<ToastItem>): string {
  return useToastsStore.getState().push({ kind, message, ...extra });
}

/** The usual next step after a command failed on its way to the server. */
export const RETRY_HINT = 'Check the server connection, then try again.';
