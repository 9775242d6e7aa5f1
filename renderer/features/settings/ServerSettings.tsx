/** Where shares live: the embedded server (address, port, LAN preview) or a remote one. */
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Settings } from '../../../shared/model';
import { errorMessage, getApi } from '../../api';
import { selectAccount, useAccountStore } from '../../state/account';
import { toast } from '../../state/toasts';
import { RemoteSignIn } from './RemoteSignIn';
import { TextField } from '../../lib/TextField';
import { useSaveSettings } from './useSaveSettings';
import { checkAddress, checkPort, lanPreview } from './validate';

export function ServerSettings({ settings }: { settings: Settings }) {
  const account = useAccountStore(selectAccount);
  const [mode, setMode] = useState(settings.server.mode);
  return (
    <section className="settings__section" aria-labelledby="server-heading">
      <h3 id="server-heading">Server</h3>
      <AccountLine />
      <fieldset className="segmented">
        <legend className="visually-hidden">Which server to use</legend>
        {(['embedded', 'remote'] as const).map((m) => (
          <label key={m} className="segmented__option">
            <input
              type="radio"
              name="server-mode"
              value={m}
              checked={mode === m}
              onChange={() => setMode(m)}
            />
            {m === 'embedded' ? 'This computer (embedded)' : 'A remote server'}
          </label>
        ))}
      </fieldset>
      {mode === 'embedded' ? (
        <EmbeddedForm settings={settings} switching={account?.mode === 'remote'} />
      ) : (
        <RemoteSignIn initialUrl={settings.server.url} />
      )}
    </section>
  );
}

function AccountLine() {
  const account = useAccountStore(selectAccount);
  if (!account) return null;
  const signOut = async () => {
    try {
      useAccountStore.getState().setAccount(await getApi().account.signOut());
    } catch (err) {
      toast('error', `Could not sign out: ${errorMessage(err)}`, { action: 'Try again.' });
    }
  };
  return (
    <div className="settings__account" data-testid="account-line">
      <p>
        {account.signedIn
          ? `Signed in${account.email ? ` as ${account.email}` : ''} on ${account.serverUrl ?? 'the server'}.`
          : 'Not signed in.'}
      </p>
      {account.signedIn && account.mode === 'remote' ? (
        <button type="button" className="button button--small" onClick={() => void signOut()}>
          Sign out
        </button>
      ) : null}
    </div>
  );
}

function EmbeddedForm({ settings, switching }: { settings: Settings; switching: boolean }) {
  const account = useAccountStore(selectAccount);
  const [enabled, setEnabled] = useState(settings.server.embeddedEnabled);
  const [address, setAddress] = useState(settings.server.address);
  const [port, setPort] = useState(String(settings.server.port));
  const [errors, setErrors] = useState<{ address: string | null; port: string | null }>({
    address: null,
    port: null,
  });
  const { save, error, saving } = useSaveSettings();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next = { address: checkAddress(address), port: checkPort(port) };
    setErrors(next);
    if (next.address || next.port) return;
    // The mode is left to account.useEmbedded, which switches and starts the server once.
    const ok = await save({
      server: { embeddedEnabled: enabled, address: address.trim(), port: Number(port) },
    });
    if (!ok) return;
    if (switching) {
      try {
        useAccountStore.getState().setAccount(await getApi().account.useEmbedded());
      } catch (err) {
        toast('error', `Could not switch to the embedded server: ${errorMessage(err)}`, {
          action: 'Check the port is free, then save again.',
        });
        return;
      }
    }
    toast('success', 'Server settings saved');
  };

  const preview = lanPreview(
    address,
    checkPort(port) ? 0 : Number(port),
    account?.serverUrl ?? null,
  );
  return (
    <form
      className="settings__form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label="Embedded server"
    >
      <label className="switch">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        Run the embedded server
      </label>
      <div className="field-row">
        <TextField
          label="Address for links"
          value={address}
          onChange={setAddress}
          error={errors.address}
          placeholder="Automatic (LAN address)"
          hint="Leave empty to use this computer's network address."
        />
        <TextField
          label="Port"
          value={port}
          onChange={setPort}
          error={errors.port}
          inputMode="numeric"
          hint="0 picks a free port."
        />
      </div>
      <p className="settings__preview">
        Links will look like <code data-testid="lan-preview">{preview}</code>
      </p>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button button--primary" disabled={saving}>
        {switching ? 'Use this computer' : 'Save'}
      </button>
    </form>
  );
}
