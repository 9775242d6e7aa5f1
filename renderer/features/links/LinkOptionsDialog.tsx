/**
 * Expiry, download limit and password of a share: asked at a drop (when Settings says so) and
 * changed later from a share's menu. The password field is not React state: its value is read
 * once when the form is sent to main and the field is emptied right after.
 */
import { useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ShareView } from '../../../shared/model';
import { expiryChoices, expiryLabel, expiryText, parseDownloadLimit } from '../../lib/linkLimits';
import { TextField } from '../../lib/TextField';
import { selectSettings, useSettingsStore } from '../../state/settings';
import { useSharesStore } from '../../state/shares';
import { Dialog } from '../dialog/Dialog';
import { UNTITLED } from '../shares/ShareTitle';
import { dropLinks, saveLinks } from './actions';
import { changedOptions, dropOptions } from './options';
import './links.css';

type Target = { kind: 'drop'; paths: readonly string[] } | { kind: 'share'; sharename: string };

export function LinkOptionsDialog({ target, onClose }: { target: Target; onClose: () => void }) {
  const settings = useSettingsStore(selectSettings);
  const share = useSharesStore(
    useShallow((s) =>
      target.kind === 'share' ? s.shares.find((x) => x.sharename === target.sharename) : undefined,
    ),
  );
  if (target.kind === 'share' && !share) return null;
  const defaults =
    target.kind === 'drop'
      ? { expiry: String(settings?.defaultExpiry ?? 0), limit: settings?.defaultMaxDownloads ?? 0 }
      : { expiry: share?.expires !== undefined ? 'keep' : '0', limit: share?.maxdownloads ?? 0 };
  return (
    <Form
      target={target}
      share={share}
      initialExpiry={defaults.expiry}
      initialLimit={defaults.limit}
      onClose={onClose}
    />
  );
}

function Form({
  target,
  share,
  initialExpiry,
  initialLimit,
  onClose,
}: {
  target: Target;
  share: ShareView | undefined;
  initialExpiry: string;
  initialLimit: number;
  onClose: () => void;
}) {
  const id = useId();
  const password = useRef<HTMLInputElement>(null);
  const [expiry, setExpiry] = useState(initialExpiry);
  const [limit, setLimit] = useState(initialLimit === 0 ? '' : String(initialLimit));
  const [limitError, setLimitError] = useState<string | null>(null);
  const [removePassword, setRemovePassword] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const isDrop = target.kind === 'drop';
  const name = share ? (share.title ?? UNTITLED) : '';
  const protectedNow = share?.protected === true;
  const choices = expiryChoices.some((c) => String(c.seconds) === initialExpiry)
    ? expiryChoices
    : initialExpiry === 'keep'
      ? expiryChoices
      : [
          ...expiryChoices,
          { seconds: Number(initialExpiry), label: expiryLabel(Number(initialExpiry)) },
        ];

  const submit = async () => {
    const parsed = parseDownloadLimit(limit);
    if ('error' in parsed) {
      setLimitError(parsed.error);
      return;
    }
    setLimitError(null);
    const typed = password.current?.value ?? '';
    const form = { expiry, limit: parsed.limit, password: typed, removePassword };
    setBusy(true);
    setError(null);
    const result =
      target.kind === 'drop'
        ? await dropLinks(target.paths, dropOptions(form))
        : share
          ? await saveLinks(share.sharename, name, changedOptions(share, form))
          : null;
    // Sent (or refused): the window keeps no copy of the password either way.
    if (password.current) password.current.value = '';
    setBusy(false);
    if (result === null || result.ok) onClose();
    else setError(result.error);
  };

  return (
    <Dialog
      title={isDrop ? 'Share with a password?' : `Link options for “${name}”`}
      description={
        isDrop
          ? 'The links are copied as soon as you share. Recipients type the password before they can download.'
          : share?.expires !== undefined
            ? `${expiryText(share.expires)}. Changes apply to every link of this share at once.`
            : 'Changes apply to every link of this share at once.'
      }
      onClose={onClose}
      testId="link-options"
    >
      <form
        className="link-options"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor={`${id}-password`}>
            {protectedNow ? 'New password' : 'Password'}
          </label>
          <input
            ref={password}
            id={`${id}-password`}
            className="field__input"
            type="password"
            autoComplete="new-password"
            maxLength={1000}
            disabled={removePassword}
            data-autofocus=""
            aria-describedby={`${id}-password-hint`}
          />
          <p id={`${id}-password-hint`} className="field__hint">
            {protectedNow
              ? 'Protected now. Leave empty to keep the password.'
              : 'Leave empty for a link anyone can open.'}
          </p>
        </div>
        {protectedNow ? (
          <label className="switch">
            <input
              type="checkbox"
              checked={removePassword}
              onChange={(e) => setRemovePassword(e.target.checked)}
            />
            Remove the password
          </label>
        ) : null}
        <div className="field">
          <label className="field__label" htmlFor={`${id}-expiry`}>
            Links expire
          </label>
          <select
            id={`${id}-expiry`}
            className="field__input"
            value={expiry}
            onChange={(e) => setExpiry(e.target.value)}
          >
            {initialExpiry === 'keep' && share?.expires !== undefined ? (
              <option value="keep">As now ({expiryText(share.expires).toLowerCase()})</option>
            ) : null}
            {choices.map((c) => (
              <option key={c.seconds} value={String(c.seconds)}>
                {c.seconds === 0 ? 'Never' : `In ${c.label}`}
              </option>
            ))}
          </select>
        </div>
        <TextField
          label="Downloads per file"
          value={limit}
          onChange={setLimit}
          error={limitError}
          inputMode="numeric"
          placeholder="No limit"
          hint={
            share?.maxdownloads !== undefined
              ? 'Downloads already made count toward it. Leave empty for no limit.'
              : 'Each link stops after this many downloads. Leave empty for no limit.'
          }
        />
        {error ? (
          <p className="field__error" role="alert" data-testid="link-options-error">
            {error}
          </p>
        ) : null}
        <div className="dialog__buttons">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? (isDrop ? 'Sharing…' : 'Saving…') : isDrop ? 'Share' : 'Save'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
