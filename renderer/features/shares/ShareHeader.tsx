/** The header row of a share: title, link, totals and the share's actions. */
import { memo } from 'react';
import type { ShareView } from '../../../shared/model';
import { formatBytes } from '../../lib/format';
import { RelativeTime } from '../../lib/RelativeTime';
import { IconButton } from '../../lib/IconButton';
import { MenuButton, type MenuItem } from '../../lib/Menu';
import { shareTotals } from '../../state/shares';
import { useUiStore } from '../../state/ui';
import { chooseFiles } from '../drop/actions';
import { removeExpired } from '../links/actions';
import { ShareLimits } from '../links/ShareLimits';
import { copyLink } from './actions';
import { linkItems } from './linkItems';
import { ShareTitle, UNTITLED } from './ShareTitle';

export const ShareHeader = memo(function ShareHeader({ share }: { share: ShareView }) {
  const openDialog = useUiStore((s) => s.openDialog);
  const { size, downloads, files } = shareTotals(share);
  const name = share.title ?? UNTITLED;
  const menu: MenuItem[] = [
    ...linkItems({ sharename: share.sharename }, share.getturl, name, openDialog),
    { label: 'Add files', onSelect: () => void chooseFiles(share.sharename) },
    {
      label: 'Expiry, limit and password…',
      onSelect: () => openDialog({ kind: 'linkOptions', sharename: share.sharename }),
    },
    {
      label: 'Delete',
      danger: true,
      onSelect: () => openDialog({ kind: 'deleteShare', sharename: share.sharename }),
    },
  ];
  return (
    <div className={share.expired ? 'share share--expired' : 'share'}>
      <div className="share__main">
        <ShareTitle sharename={share.sharename} title={share.title} />
        <div className="share__meta">
          <span className="share__link" title={share.getturl}>
            {share.getturl}
          </span>
          <span className="share__facts">
            {files === 1 ? '1 file' : `${files} files`} · {formatBytes(size)} ·{' '}
            <span className="share__downloads">
              {downloads === 1 ? '1 download' : `${downloads} downloads`}
            </span>{' '}
            · <RelativeTime unixSeconds={share.created} />
            {share.encrypted ? (
              <span
                className="share__encrypted"
                title="End-to-end encrypted: the key is in the link"
              >
                {' '}
                · Encrypted
              </span>
            ) : null}
            <ShareLimits share={share} />
          </span>
        </div>
      </div>
      <div className="row-actions row-actions--share">
        {share.expired ? (
          <IconButton
            icon="trash"
            label={`Remove ${name} from the list`}
            onClick={() => void removeExpired(share.sharename, name)}
          />
        ) : (
          <>
            <IconButton
              icon="copy"
              label={`Copy link for ${name}`}
              onClick={() => void copyLink(share.getturl, name)}
            />
            <MenuButton label={`More actions for ${name}`} items={menu} />
          </>
        )}
      </div>
    </div>
  );
});
