/** The app's settings as main stores them. */
import { create } from 'zustand';
import type { Settings, Theme } from '../../shared/model';

export interface SettingsState {
  readonly settings: Settings | null;
}

interface SettingsActions {
  setSettings: (settings: Settings) => void;
}

export function getInitialState(): SettingsState {
  return { settings: null };
}

export const useSettingsStore = create<SettingsState & SettingsActions>()((set) => ({
  ...getInitialState(),
  setSettings: (settings) => set({ settings }),
}));

export const selectSettings = (s: SettingsState) => s.settings;
export const selectTheme = (s: SettingsState): Theme => s.settings?.theme ?? 'system';
