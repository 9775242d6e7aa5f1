/** Applies the theme setting: `data-theme` forces light or dark; no attribute follows the system. */
import { useEffect } from 'react';
import { selectTheme, useSettingsStore } from '../state/settings';

export function useTheme(): void {
  const theme = useSettingsStore(selectTheme);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', theme);
  }, [theme]);
}
