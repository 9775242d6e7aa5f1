/** The quiet footer: live connection state and storage used of the account's limit. */
import type { ConnectionStatus } from '../../../shared/model';
import { formatBytes, percent } from '../../lib/format';
import { selectAccount, useAccountStore } from '../../state/account';
import { selectStatus, useConnectionStore } from '../../state/connection';
import { DownloadsSummary } from './DownloadsSummary';
import { UpdateNotice } from './UpdateNotice';
import { UploadsSummary } from './UploadsSummary';
import './status.css';

const statusText: Record<ConnectionStatus, { label: string; hint: string }> = {
  online: { label: 'Online', hint: 'Downloads are reported as they happen.' },
  connecting: { label: 'Connecting…', hint: 'Reaching the server.' },
  reconnecting: {
    label: 'Reconnecting…',
    hint: 'The connection dropped; trying again. Uploads continue when it is back.',
  },
  offline: {
    label: 'Offline',
    hint: 'The server cannot be reached. Check your network or the server address in Settings; uploads resume by themselves.',
  },
};

export function StatusBar() {
  return (
    <footer className="statusbar">
      <Connection />
      <UploadsSummary />
      <DownloadsSummary />
      <UpdateNotice />
      <StorageMeter />
    </footer>
  );
}

function Connection() {
  const status = useConnectionStore(selectStatus);
  const { label, hint } = statusText[status];
  return (
    <div
      className={`connection connection--${status}`}
      data-testid="connection-status"
      data-status={status}
      role="status"
      title={hint}
    >
      <span className="connection__dot" aria-hidden="true" />
      <span>{label}</span>
      {status === 'offline' ? <span className="connection__hint">{hint}</span> : null}
    </div>
  );
}

function StorageMeter() {
  const account = useAccountStore(selectAccount);
  const storage = account?.storage;
  if (!storage) return <div data-testid="storage" className="storage" />;
  const pct = percent(storage.used, storage.limit);
  const level = pct >= 100 ? 'full' : pct >= 90 ? 'high' : 'ok';
  const text = `${formatBytes(storage.used)} of ${formatBytes(storage.limit)} used`;
  return (
    <div
      className={`storage storage--${level}`}
      data-testid="storage"
      title={account.serverUrl ?? ''}
    >
      <div
        className="storage__bar"
        role="meter"
        aria-label="Storage used"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={text}
      >
        <div className="storage__fill" style={{ width: `${pct}%` }} />
      </div>
      <span>{text}</span>
      {level === 'full' ? (
        <span className="storage__hint">Delete old shares to free space.</span>
      ) : null}
    </div>
  );
}
