/** Uploads, notifications, shortcut, login item and theme; toggles apply at once. */
import { useState } from 'react';
import type { Settings, Theme } from '../../../shared/model';
import { TextField } from '../../lib/TextField';
import { useSaveSettings } from './useSaveSettings';
import { checkShortcut, formatSpeedLimit, parseSpeedLimit } from './validate';

const themes: { value: Theme; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function PreferenceSettings({ settings }: { settings: Settings }) {
  const { save, error } = useSaveSettings();
  const [shortcut, setShortcut] = useState(settings.globalShortcut);
  const [shortcutError, setShortcutError] = useState<string | null>(null);
  const [shotShortcut, setShotShortcut] = useState(settings.screenshotShortcut);
  const [shotShortcutError, setShotShortcutError] = useState<string | null>(null);

  const saveShortcut = () => {
    const problem = checkShortcut(shortcut);
    setShortcutError(problem);
    if (!problem && shortcut.trim() !== settings.globalShortcut) {
      void save({ globalShortcut: shortcut.trim() });
    }
  };
  const saveShotShortcut = () => {
    const problem = checkShortcut(shotShortcut);
    setShotShortcutError(problem);
    if (!problem && shotShortcut.trim() !== settings.screenshotShortcut) {
      void save({ screenshotShortcut: shotShortcut.trim() });
    }
  };

  return (
    <section className="settings__section" aria-labelledby="prefs-heading">
      <h3 id="prefs-heading">Preferences</h3>
      <div className="field">
        <label className="field__label" htmlFor="concurrency">
          Files uploaded at the same time
        </label>
        <select
          id="concurrency"
          value={settings.uploadConcurrency}
          onChange={(e) => void save({ uploadConcurrency: Number(e.target.value) })}
        >
          {[1, 2, 3, 4, 5, 6, 7, 8].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      <SpeedLimitField bytesPerSecond={settings.uploadSpeedLimit} />
      <label className="switch">
        <input
          type="checkbox"
          checked={settings.notifications}
          onChange={(e) => void save({ notifications: e.target.checked })}
        />
        Notify me when someone downloads
      </label>
      <label className="switch">
        <input
          type="checkbox"
          checked={settings.launchAtLogin}
          onChange={(e) => void save({ launchAtLogin: e.target.checked })}
        />
        Start Gett Desktop when I log in
      </label>
      <label className="switch">
        <input
          type="checkbox"
          checked={settings.encryptShares}
          onChange={(e) => void save({ encryptShares: e.target.checked })}
        />
        Encrypt new shares end to end (the key travels only in the link; the server stores
        ciphertext)
      </label>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          saveShortcut();
        }}
      >
        <TextField
          label="Global shortcut to share files"
          value={shortcut}
          onChange={setShortcut}
          onBlur={saveShortcut}
          error={shortcutError}
          placeholder="CommandOrControl+Shift+U"
          hint="Opens the file dialog from any app, like Share files… in the tray. Leave empty to turn it off."
        />
      </form>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          saveShotShortcut();
        }}
      >
        <TextField
          label="Global shortcut to share a screenshot"
          value={shotShortcut}
          onChange={setShotShortcut}
          onBlur={saveShotShortcut}
          error={shotShortcutError}
          placeholder="CommandOrControl+Alt+S"
          hint="Choose a region of the screen (Esc cancels); its link is copied at once. Leave empty to turn it off."
        />
      </form>
      <fieldset className="segmented">
        <legend className="field__label">Theme</legend>
        {themes.map((t) => (
          <label key={t.value} className="segmented__option">
            <input
              type="radio"
              name="theme"
              value={t.value}
              checked={settings.theme === t.value}
              onChange={() => void save({ theme: t.value })}
            />
            {t.label}
          </label>
        ))}
      </fieldset>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

/** The upload speed cap in MB/s; saved on Enter or leaving the field, applied at once. */
function SpeedLimitField({ bytesPerSecond }: { bytesPerSecond: number }) {
  const { save, error: saveError } = useSaveSettings();
  const [draft, setDraft] = useState(() => formatSpeedLimit(bytesPerSecond));
  const [seen, setSeen] = useState(bytesPerSecond);
  const [error, setError] = useState<string | null>(null);
  // Main changed the cap (here or elsewhere): show it, without remounting (focus stays put).
  if (seen !== bytesPerSecond) {
    setSeen(bytesPerSecond);
    setDraft(formatSpeedLimit(bytesPerSecond));
  }
  const commit = () => {
    const parsed = parseSpeedLimit(draft);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setError(null);
    if (parsed.bytesPerSecond !== bytesPerSecond) {
      void save({ uploadSpeedLimit: parsed.bytesPerSecond });
    } else {
      setDraft(formatSpeedLimit(bytesPerSecond));
    }
  };
  return (
    <form
      noValidate
      aria-label="Upload speed limit"
      onSubmit={(e) => {
        e.preventDefault();
        commit();
      }}
    >
      <TextField
        label="Upload speed limit (MB/s)"
        value={draft}
        onChange={setDraft}
        onBlur={commit}
        error={error ?? saveError}
        inputMode="decimal"
        placeholder="No limit"
        hint="For all uploads together, applied at once to running ones. Leave empty for no limit."
      />
    </form>
  );
}
