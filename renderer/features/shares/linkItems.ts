/** The menu commands every link has, for a share and for a file alike. */
import type { MenuItem } from '../../lib/Menu';
import type { Dialog } from '../../state/ui';
import { copyAs, openLink } from './actions';

/** The "Copy as…" forms first (with "Copy all links" for a share), then open and QR. */
export function linkItems(
  ref: { sharename: string; fileid?: string },
  url: string,
  name: string,
  openDialog: (d: Dialog) => void,
): MenuItem[] {
  return [
    { label: 'Copy as Markdown', onSelect: () => void copyAs('markdown', name, ref) },
    { label: 'Copy as HTML', onSelect: () => void copyAs('html', name, ref) },
    ...(ref.fileid === undefined
      ? [{ label: 'Copy all links', onSelect: () => void copyAs('all', name, ref) }]
      : []),
    { label: 'Open in browser', onSelect: () => void openLink(url) },
    { label: 'Show QR code', onSelect: () => openDialog({ kind: 'qr', url, label: name }) },
  ];
}
