/** A banner for account-wide problems (signed out, wrong credentials…) with the next step. */
import { appErrorView } from '../../../shared/errors';
import { selectAccount, selectStarting, useAccountStore } from '../../state/account';
import { useUiStore } from '../../state/ui';
import { ErrorText } from './ErrorText';

export function AccountBanner() {
  const account = useAccountStore(selectAccount);
  const setView = useUiStore((s) => s.setView);
  const starting = useAccountStore(selectStarting);
  const error =
    account?.error ??
    (account && !account.signedIn && !starting ? appErrorView('signedOut') : undefined);
  if (!error) return null;
  const toSettings =
    error.code === 'signedOut' ||
    error.code === 'wrongCredentials' ||
    error.code === 'serverUnreachable';
  return (
    <div className="banner" role="alert" data-testid="account-error" data-code={error.code}>
      <ErrorText error={error} />
      {toSettings ? (
        <button type="button" className="button button--small" onClick={() => setView('settings')}>
          Open Settings
        </button>
      ) : null}
    </div>
  );
}
