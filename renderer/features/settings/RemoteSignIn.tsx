/** Sign-in to a remote Ge.tt-compatible server; errors come back from main as people-text. */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { errorCode, errorMessage, getApi } from '../../api';
import { useAccountStore } from '../../state/account';
import { toast } from '../../state/toasts';
import { TextField } from '../../lib/TextField';
import { checkEmail, checkRequired, checkUrl } from './validate';

interface Errors {
  url?: string | null;
  apikey?: string | null;
  email?: string | null;
  password?: string | null;
}

export function RemoteSignIn({ initialUrl }: { initialUrl: string }) {
  const [url, setUrl] = useState(initialUrl);
  const [apikey, setApikey] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<{ message: string; code: string | null } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: Errors = {
      url: checkUrl(url),
      apikey: checkRequired(apikey, 'API key'),
      email: checkEmail(email),
      password: checkRequired(password, 'password'),
    };
    setErrors(next);
    setFailure(null);
    if (Object.values(next).some(Boolean)) return;
    setBusy(true);
    try {
      const account = await getApi().account.signInRemote({
        url: url.trim(),
        apikey: apikey.trim(),
        email: email.trim(),
        password,
      });
      useAccountStore.getState().setAccount(account);
      setPassword('');
      toast('success', `Signed in as ${account.email ?? email.trim()}`);
    } catch (err) {
      setFailure({ message: errorMessage(err), code: errorCode(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="settings__form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label="Sign in to a remote server"
    >
      <TextField
        label="Server URL"
        value={url}
        onChange={setUrl}
        error={errors.url}
        placeholder="https://files.example.com"
        inputMode="url"
        autoComplete="url"
      />
      <TextField
        label="API key"
        value={apikey}
        onChange={setApikey}
        error={errors.apikey}
        autoComplete="off"
      />
      <TextField
        label="Email"
        value={email}
        onChange={setEmail}
        error={errors.email}
        type="email"
        autoComplete="username"
      />
      <TextField
        label="Password"
        value={password}
        onChange={setPassword}
        error={errors.password}
        type="password"
        autoComplete="current-password"
        hint="Only a sign-in token is kept, encrypted on this computer; the password is not stored."
      />
      {failure ? (
        <p
          className="field__error"
          role="alert"
          data-testid="sign-in-error"
          data-code={failure.code ?? undefined}
        >
          {failure.message}
        </p>
      ) : null}
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
