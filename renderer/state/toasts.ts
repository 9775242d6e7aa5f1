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
import type { ToastKind } from '../../shared/model';

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
  /** Set when a coalescing rule matched: the rule and the names the toast stands for. */
  readonly group?: { readonly key: string; readonly names: readonly string[] };
}

export interface ToastsState {
  readonly toasts: readonly ToastItem[];
}

interface ToastsActions {
  push: (toast: Omit<ToastItem, 'id' | 'at' | 'group'> & { id?: string }) => string;
  dismiss: (id: string) => void;
  dismissAll: () => void;
}

/** Toasts shown at once; more than this collapse into a "+N more" line. */
export const MAX_VISIBLE = 3;
/** Waiting toasts kept beyond the visible ones; past this the oldest go. */
export const MAX_WAITING = 20;
/** Toasts of one rule that arrive within this many ms of the previous one become one toast. */
export const COALESCE_MS = 2000;

interface CoalesceRule {
  readonly key: string;
  readonly kind: ToastKind;
  /** Matches a single message; group 1 is the name it is about. */
  readonly pattern: RegExp;
  readonly summary: (count: number) => string;
}

/**
 * Rule: a success toast "<name> is uploaded." (no action, no button) that arrives within
 * {@link COALESCE_MS} of the previous one, while that toast is still in the stack, joins it:
 * "3 files uploaded." with the names underneath.
 */
export const COALESCE_RULES: readonly CoalesceRule[] = [
  {
    key: 'uploaded',
    kind: 'success',
    pattern: /^(.+) is uploaded\.$/s,
    summary: (n) => `${n} files uploaded.`,
  },
];

/** "a, b, c and 2 more": names under a coalesced toast, short enough for one or two lines. */
export function listNames(names: readonly string[], shown = 3): string {
  if (names.length <= shown) return names.join(', ');
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

let counter = 0;

export function getInitialState(): ToastsState {
  return { toasts: [] };
}

type Incoming = Parameters<ToastsActions['push']>[0];

/** The rule a single toast falls under, and the name it is about. */
function matchRule(t: Incoming): { rule: CoalesceRule; name: string } | undefined {
  if (t.action || t.button) return undefined;
  for (const rule of COALESCE_RULES) {
    const name = rule.kind === t.kind ? rule.pattern.exec(t.message)?.[1] : undefined;
    if (name !== undefined) return { rule, name };
  }
  return undefined;
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
    const match = matchRule(toast);
    // A known id replaces that toast; otherwise a match may join a recent toast of its rule.
    const replaces = toast.id !== undefined && list.some((t) => t.id === toast.id);
    const target =
      match && !replaces ? list.findLast((t) => t.group?.key === match.rule.key) : undefined;
    if (match && target?.group && now - (target.at ?? 0) <= COALESCE_MS) {
      const names = [...target.group.names, match.name];
      const merged: ToastItem = {
        id: target.id,
        kind: target.kind,
        message: match.rule.summary(names.length),
        action: listNames(names),
        at: now,
        group: { key: match.rule.key, names },
      };
      // The merged toast moves to the bottom: it is the newest news.
      set({ toasts: trim([...list.filter((t) => t !== target), merged]) });
      return merged.id;
    }
    counter += 1;
    const id = toast.id ?? `local-${counter}`;
    const item: ToastItem = {
      ...toast,
      id,
      at: now,
      ...(match ? { group: { key: match.rule.key, names: [match.name] } } : {}),
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
  extra?: Partial<Pick<ToastItem, 'id' | 'action' | 'button'>>,
): string {
  return useToastsStore.getState().push({ kind, message, ...extra });
}

/** The usual next step after a command failed on its way to the server. */
export const RETRY_HINT = 'Check the server connection, then try again.';
