/** Settings for new shares' links: default expiry, default download limit, password on drop. */
import { useState } from 'react';
import type { Settings } from '../../../shared/model';
import { TextField } from '../../lib/TextField';
import { useSaveSettings } from './useSaveSettings';
import { expiryChoices, expiryLabel, parseDownloadLimit } from '../../lib/linkLimits';

export function LinkSettings({ settings }: { settings: Settings }) {
  const { save, error } = useSaveSettings();
  const choices = expiryChoices.some((c) => c.seconds === settings.defaultExpiry)
    ? expiryChoices
    : [
        ...expiryChoices,
        { seconds: settings.defaultExpiry, label: expiryLabel(settings.defaultExpiry) },
      ];
  return (
    <section className="settings__section" aria-labelledby="links-heading">
      <h3 id="links-heading">New links</h3>
      <div className="field">
        <label className="field__label" htmlFor="default-expiry">
          Links expire after
        </label>
        <select
          id="default-expiry"
          aria-describedby="default-expiry-hint"
          value={settings.defaultExpiry}
          onChange={(e) => void save({ defaultExpiry: Number(e.target.value) })}
        >
          {choices.map((c) => (
            <option key={c.seconds} value={c.seconds}>
              {c.label}
            </option>
          ))}
        </select>
        <p id="default-expiry-hint" className="field__hint">
          For new shares. An expired share&rsquo;s files are deleted and the space comes back.
        </p>
      </div>
      <DownloadLimitField limit={settings.defaultMaxDownloads} />
      <label className="switch">
        <input
          type="checkbox"
          checked={settings.askPasswordOnDrop}
          onChange={(e) => void save({ askPasswordOnDrop: e.target.checked })}
        />
        Ask for a password when I drop files
      </label>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

/** The default download limit per file; saved on Enter or leaving the field. */
function DownloadLimitField({ limit }: { limit: number }) {
  const { save, error: saveError } = useSaveSettings();
  const shown = (n: number) => (n === 0 ? '' : String(n));
  const [draft, setDraft] = useState(() => shown(limit));
  const [seen, setSeen] = useState(limit);
  const [error, setError] = useState<string | null>(null);
  if (seen !== limit) {
    setSeen(limit);
    setDraft(shown(limit));
  }
  const commit = () => {
    const parsed = parseDownloadLimit(draft);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setError(null);
    if (parsed.limit !== limit) void save({ defaultMaxDownloads: parsed.limit });
    else setDraft(shown(limit));
  };
  return (
    <form
      noValidate
      aria-label="Default download limit"
      onSubmit={(e) => {
        e.preventDefault();
        commit();
      }}
    >
      <TextField
        label="Downloads per file"
        value={draft}
        onChange={setDraft}
        onBlur={commit}
        error={error ?? saveError}
        inputMode="numeric"
        placeholder="No limit"
        hint="For new shares: each file's link stops after this many downloads. Leave empty for no limit."
      />
    </form>
  );
}
