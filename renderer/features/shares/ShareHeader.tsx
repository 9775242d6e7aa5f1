/** The header row of a share: title, link, totals and the share's actions. */
import { memo } from 'react';
import type { ShareView } from '../../../shared/model';
import { formatBytes } from '../../lib/format';
import { RelativeTime } from '../../lib/RelativeTime';
import { IconButton } from '../../lib/IconButton';
import { shareTotals } from '../../state/shares';
import { useUiStore } from '../../state/ui';
import { chooseFiles } from '../drop/actions';
import { copyLink, openLink } from './actions';
import { ShareTitle, UNTITLED } from './ShareTitle';

export const ShareHeader = memo(function ShareHeader({ share }: { share: ShareView }) {
  const openDialog = useUiStore((s) => s.openDialog);
  const { size, downloads, files } = shareTotals(share);
  const name = share.title ?? UNTITLED;
  return (
    <div className="share">
      <div className="share__main">
        <ShareTitle sharename={share.sharename} title={share.title} />
        <div className="share__meta">
          <span className="share__link" title={share.getturl}>
            {share.getturl}
          </span>
          <span>{files === 1 ? '1 file' : `${files} files`}</span>
          <span>{formatBytes(size)}</span>
          <span className="share__downloads">
            {downloads === 1 ? '1 download' : `${downloads} downloads`}
          </span>
          <RelativeTime unixSeconds={share.created} />
        </div>
      </div>
      <div className="row-actions row-actions--share">
        <IconButton
          icon="copy"
          label={`Copy link for ${name}`}
          onClick={() => void copyLink(share.getturl, name)}
        />
        <IconButton
          icon="open"
          label={`Open ${name} in browser`}
          onClick={() => void openLink(share.getturl)}
        />
        <IconButton
          icon="qr"
          label={`Show QR code for ${name}`}
          onClick={() => openDialog({ kind: 'qr', url: share.getturl, label: name })}
        />
        <IconButton
          icon="plus"
          label={`Add files to ${name}`}
          onClick={() => void chooseFiles(share.sharename)}
        />
        <IconButton
          icon="trash"
          label={`Delete ${name}`}
          onClick={() => openDialog({ kind: 'deleteShare', sharename: share.sharename })}
        />
      </div>
    </div>
  );
});
