/** What a share's row says about its links ending: "Expires in 3 days", "Password", "Expired". */
import { useEffect, useState } from 'react';
import type { ShareView } from '../../../shared/model';
import { expiryText } from '../../lib/linkLimits';
import { formatDate } from '../../lib/format';
import './links.css';

export function ShareLimits({ share }: { share: ShareView }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (share.expires === undefined || share.expired) return;
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, [share.expires, share.expired]);
  if (share.expired) {
    return (
      <span className="share__limit share__limit--expired" data-testid="share-expired">
        {' · '}
        Expired: links no longer work
      </span>
    );
  }
  return (
    <>
      {share.expires !== undefined ? (
        <span
          className="share__limit"
          data-testid="share-expires"
          title={`Links stop working ${formatDate(share.expires)}`}
        >
          {' · '}
          {expiryText(share.expires, now)}
        </span>
      ) : null}
      {share.protected ? (
        <span className="share__limit" title="Recipients type a password to download">
          {' · '}
          Password
        </span>
      ) : null}
    </>
  );
}
