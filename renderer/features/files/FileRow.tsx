/** One file of a share: what it is, where its upload stands, and what can be done with it. */
import { downloadsLeftText } from '../../lib/linkLimits';
import { memo } from 'react';
import { appErrorView } from '../../../shared/errors';
import type { FileView } from '../../../shared/model';
import { isActive, isInFlight } from '../../../shared/uploads';
import { formatBytes } from '../../lib/format';
import { Icon } from '../../lib/icons';
import { IconButton } from '../../lib/IconButton';
import { MenuButton, type MenuItem } from '../../lib/Menu';
import { useRowTabIndex } from '../../lib/rowTab';
import { useUiStore } from '../../state/ui';
import { ErrorText } from '../errors/ErrorText';
import { copyLink } from '../shares/actions';
import { linkItems } from '../shares/linkItems';
import { controlUpload } from './actions';
import { FileProgress } from './FileProgress';
import { FileThumb } from './FileThumb';
import { fileState, stateLabels } from './fileState';
import type { FileState } from './fileState';

export const FileRow = memo(function FileRow({ file }: { file: FileView }) {
  const state = fileState(file);
  const { sharename, fileid, filename } = file;
  const openDialog = useUiStore((s) => s.openDialog);
  const tabIndex = useRowTabIndex();
  const control = (cmd: 'pause' | 'resume' | 'cancel' | 'retry') =>
    void controlUpload(cmd, sharename, fileid, filename);
  const linkable = state !== 'removed';
  // Only uploads this app runs have progress and controls; the server may also report files
  // that another app is uploading, or that still wait for their uploader.
  const ours = file.upload !== undefined;
  const inFlight = state !== 'removed' && isInFlight(file.upload?.phase);
  const pausable = state !== 'removed' && isActive(file.upload?.phase);
  const menu: MenuItem[] = [
    ...(linkable ? linkItems({ sharename, fileid }, file.getturl, filename, openDialog) : []),
    ...(inFlight ? [{ label: 'Cancel upload', onSelect: () => control('cancel') }] : []),
    {
      label: 'Delete',
      danger: true,
      onSelect: () => openDialog({ kind: 'deleteFile', sharename, fileid }),
    },
  ];

  return (
    <div className="file">
      <FileThumb filename={filename} thumbUrl={state === 'uploaded' ? file.thumbUrl : undefined} />
      <div className="file__main">
        <div className="file__name" title={filename}>
          {filename}
        </div>
        {inFlight ? (
          <FileProgress
            sharename={sharename}
            fileid={fileid}
            filename={filename}
            upload={file.upload}
            size={file.size}
            running={state === 'uploading'}
            stateWord={stateLabels[state].toLowerCase()}
          />
        ) : (
          <div className="file__meta">
            {formatBytes(file.size ?? file.upload?.total)}
            {' · '}
            {!ours && state === 'queued' ? 'Waiting for the uploader · ' : null}
            {!ours && state === 'uploading' ? 'Uploading from another app · ' : null}
            <span className="file__downloads">
              {file.downloads === 1 ? '1 download' : `${file.downloads} downloads`}
            </span>
            {file.downloadsleft !== undefined ? (
              <span className="file__left" data-testid="downloads-left">
                {' · '}
                {downloadsLeftText(file.downloadsleft)}
              </span>
            ) : null}
          </div>
        )}
        {state === 'failed' && file.upload?.error ? <ErrorText error={file.upload.error} /> : null}
        {state === 'removed' ? (
          <ErrorText error={appErrorView('removedForTerms', file.removedReason)} />
        ) : null}
      </div>
      <StateBadge state={state} />
      <div className="row-actions">
        {pausable ? (
          <IconButton icon="pause" label={`Pause ${filename}`} onClick={() => control('pause')} />
        ) : null}
        {state === 'paused' ? (
          <IconButton icon="play" label={`Resume ${filename}`} onClick={() => control('resume')} />
        ) : null}
        {state === 'failed' ? (
          <button
            type="button"
            className="button button--small"
            tabIndex={tabIndex}
            onClick={() => control('retry')}
          >
            <Icon name="retry" /> Retry
          </button>
        ) : null}
        {linkable ? (
          <IconButton
            icon="copy"
            label={`Copy link for ${filename}`}
            onClick={() => void copyLink(file.getturl, filename)}
          />
        ) : null}
        <MenuButton label={`More actions for ${filename}`} items={menu} />
      </div>
    </div>
  );
});

function StateBadge({ state }: { state: FileState }) {
  return <span className={`badge badge--${state}`}>{stateLabels[state]}</span>;
}
