/** State of the live connection to the server. */
import { create } from 'zustand';
import type { ConnectionStatus } from '../../shared/model';

export interface ConnectionState {
  readonly status: ConnectionStatus;
}

interface ConnectionActions {
  setStatus: (status: ConnectionStatus) => void;
}

export function getInitialState(): ConnectionState {
  return { status: 'connecting' };
}

export const useConnectionStore = create<ConnectionState & ConnectionActions>()((set) => ({
  ...getInitialState(),
  setStatus: (status) => set({ status }),
}));

export const selectStatus = (s: ConnectionState) => s.status;
