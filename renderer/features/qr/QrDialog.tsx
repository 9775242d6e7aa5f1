/** A QR code for a link, so a phone can open it; drawn as SVG in a data URL (CSP-safe). */
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Dialog } from '../dialog/Dialog';
import { copyLink } from '../shares/actions';

type Qr = { url: string; src: string } | { url: string; error: string };

export function QrDialog({
  url,
  label,
  onClose,
}: {
  url: string;
  label: string;
  onClose: () => void;
}) {
  const [qr, setQr] = useState<Qr | null>(null);

  useEffect(() => {
    let live = true;
    QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(
      (svg) =>
        live && setQr({ url, src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` }),
      (err: unknown) =>
        live && setQr({ url, error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [url]);

  const current = qr?.url === url ? qr : null;
  return (
    <Dialog title={`QR code for ${label}`} onClose={onClose} testId="qr-dialog">
      <div className="qr">
        {current === null ? <div className="qr__placeholder">Drawing…</div> : null}
        {current && 'src' in current ? (
          <img
            className="qr__image"
            src={current.src}
            alt={`QR code for ${url}`}
            width={240}
            height={240}
          />
        ) : null}
        {current && 'error' in current ? (
          <p className="error-text">
            The link is too long for a QR code. Copy it instead. ({current.error})
          </p>
        ) : null}
        <p className="qr__url">{url}</p>
        <p className="qr__hint">Scan with a phone on the same network to open the link.</p>
      </div>
      <div className="dialog__buttons">
        <button type="button" className="button" onClick={() => void copyLink(url, label)}>
          Copy link
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={onClose}
          data-autofocus=""
        >
          Done
        </button>
      </div>
    </Dialog>
  );
}
