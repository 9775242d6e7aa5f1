/** The menu commands every link has, for a share and for a file alike. */
import type { MenuItem } from '../../lib/Menu';
import type { Dialog } from '../../state/ui';
import { copyLink, openLink } from './actions';

export function linkItems(url: string, name: string, openDialog: (d: Dialog) => void): MenuItem[] {
  return [
    { label: 'Copy as Markdown', onSelect: () => void copyLink(url, name, 'markdown') },
    { label: 'Copy as HTML', onSelect: () => void copyLink(url, name, 'html') },
    { label: 'Open in browser', onSelect: () => void openLink(url) },
    { label: 'Show QR code', onSelect: () => openDialog({ kind: 'qr', url, label: name }) },
  ];
}
