/** Saves a settings patch through main and keeps the store in step; returns the error, if any. */
import { useState } from 'react';
import type { SettingsPatch } from '../../../shared/ipc';
import { errorMessage, getApi } from '../../api';
import { useSettingsStore } from '../../state/settings';

export function useSaveSettings() {
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async (patch: SettingsPatch): Promise<boolean> => {
    setSaving(true);
    try {
      useSettingsStore.getState().setSettings(await getApi().settings.set(patch));
      setError(null);
      return true;
    } catch (err) {
      setError(`Could not save: ${errorMessage(err)}`);
      return false;
    } finally {
      setSaving(false);
    }
  };
  return { save, error, saving };
}
