/**
 * Short messages in the corner: from main (`toast:show`) and from the window itself.
 *
 * The store keeps the stack small so it never buries the window:
 * - Only the newest {@link MAX_VISIBLE} are shown (newest last). An older toast that falls out
 *   of view is dropped, unless it still needs the person (an error, or one with a button such
 *   as Undo); those wait, counted as "+N more", and come back as the ones below them close.
 * - Completion toasts that arrive close together become one (see {@link COALESCE_RULES}).
 */
import { create } from 'zustand';
import type { ToastGroup, ToastKind } from '../../shared/model';

export interface ToastItem {
  readonly id: string;
  readonly kind: ToastKind;
  readonly message: string;
  /** What to do next (from main), shown under the message. */
  readonly action?: string;
  /** A button in the toast, e.g. Undo. */
  readonly button?: { readonly label: string; readonly onClick: () => void };
  /** When the toast last changed (ms); a coalesced toast restarts its auto-dismiss from here. */
  readonly at?: number;
  /** Set for a toast of a coalescing group: the group and the names the toast stands for. */
  readonly group?: { readonly key: ToastGroup['key']; readonly names: readonly string[] };
}

/** A toast as features and main hand it in; `group` makes it join others of its group. */
export type IncomingToast = Omit<ToastItem, 'id' | 'at' | 'group'> & {
  id?: string;
  group?: ToastGroup;
};

export interface ToastsState {
  readonly toasts: readonly ToastItem[];
}

interface ToastsActions {
  push: (toast: IncomingToast) => string;
  dismiss: (id: string) => void;
  dismissAll: () => void;
}

/** Toasts shown at once; more than this collapse into a "+N more" line. */
export const MAX_VISIBLE = 3;
/** Waiting toasts kept beyond the visible ones; past this the oldest go. */
export const MAX_WAITING = 20;
/** Toasts of one rule that arrive within this many ms of the previous one become one toast. */
export const COALESCE_MS = 2000;

/**
 * How each group sums up: a toast of a group (without an action or button) that arrives within
 * {@link COALESCE_MS} of the previous one, while that toast is still in the stack, joins it:
 * "3 files uploaded." with the names underneath.
 */
export const COALESCE_RULES: { readonly [K in ToastGroup['key']]: (count: number) => string } = {
  uploaded: (n) => `${n} files uploaded.`,
};

/** "a, b, c and 2 more": names under a coalesced toast, short enough for one or two lines. */
export function listNames(names: readonly string[], shown = 3): string {
  if (names.length <= shown) return names.join(', ');
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

let counter = 0;

export function getInitialState(): ToastsState {
  return { toasts: [] };
}

/** The group a single toast joins, if any; one that asks for something stays alone. */
function groupOf(t: IncomingToast): ToastGroup | undefined {
  return t.action || t.button ? undefined : t.group;
}

/** Drops what has fallen out of view and is no longer needed; caps the waiting ones. */
function trim(list: readonly ToastItem[]): readonly ToastItem[] {
  const cut = Math.max(0, list.length - MAX_VISIBLE);
  const waiting = list.slice(0, cut).filter((t) => t.kind === 'error' || t.button);
  return [...waiting.slice(-MAX_WAITING), ...list.slice(cut)];
}

export const useToastsStore = create<ToastsState & ToastsActions>()((set, get) => ({
  ...getInitialState(),
  push: (toast) => {
    const now = Date.now();
    const list = get().toasts;
    const { group: _group, ...rest } = toast;
    const group = groupOf(toast);
    // A known id replaces that toast; otherwise a grouped toast may join a recent one.
    const replaces = toast.id !== undefined && list.some((t) => t.id === toast.id);
    const target =
      group && !replaces ? list.findLast((t) => t.group?.key === group.key) : undefined;
    if (group && target?.group && now - (target.at ?? 0) <= COALESCE_MS) {
      const names = [...target.group.names, group.name];
      const merged: ToastItem = {
        id: target.id,
        kind: target.kind,
        message: COALESCE_RULES[group.key](names.length),
        action: listNames(names),
        at: now,
        group: { key: group.key, names },
      };
      // The merged toast moves to the bottom: it is the newest news.
      set({ toasts: trim([...list.filter((t) => t !== target), merged]) });
      return merged.id;
    }
    counter += 1;
    const id = toast.id ?? `local-${counter}`;
    const item: ToastItem = {
      ...rest,
      id,
      at: now,
      ...(group ? { group: { key: group.key, names: [group.name] } } : {}),
    };
    set({ toasts: trim([...list.filter((t) => t.id !== id), item]) });
    return id;
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  dismissAll: () => set({ toasts: [] }),
}));

export const selectToasts = (s: ToastsState) => s.toasts;

/** The newest toasts to show, oldest first, and how many wait behind them. */
export function splitVisible(list: readonly ToastItem[]): {
  visible: readonly ToastItem[];
  waiting: number;
} {
  const waiting = Math.max(0, list.length - MAX_VISIBLE);
  return { visible: list.slice(waiting), waiting };
}

/** Shorthand for features that only need to say something. */
export function toast(
  kind: ToastKind,
  message: string,
  extra?: Partial<Pick<IncomingToast, 'id' | 'action' | 'button' | 'group'>>,
): string {
  return useToastsStore.getState().push({ kind, message, ...extra });
}

/** The usual next step after a command failed on its way to the server. */
export const RETRY_HINT = 'Check the server connection, then try again.';
