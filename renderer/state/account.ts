/** Who is signed in where, and how much storage is used. */
import { create } from 'zustand';
import type { AccountView } from '../../shared/model';

export interface AccountState {
  readonly account: AccountView | null;
}

interface AccountActions {
  setAccount: (account: AccountView) => void;
}

export function getInitialState(): AccountState {
  return { account: null };
}

export const useAccountStore = create<AccountState & AccountActions>()((set) => ({
  ...getInitialState(),
  setAccount: (account) => set({ account }),
}));

export const selectAccount = (s: AccountState) => s.account;
export const selectAccountError = (s: AccountState) => s.account?.error;
export const selectStorage = (s: AccountState) => s.account?.storage ?? null;
export const selectSignedIn = (s: AccountState) => s.account?.signedIn ?? false;

/** The embedded server signs in by itself; until it has (or failed, with an error), it is starting. */
export const selectStarting = (s: AccountState) =>
  s.account !== null &&
  !s.account.signedIn &&
  s.account.mode === 'embedded' &&
  s.account.error === undefined;
