/** Shows the one dialog the UI store says is open. */
import { selectDialog, useUiStore } from '../../state/ui';
import { LinkOptionsDialog } from '../links/LinkOptionsDialog';
import { QrDialog } from '../qr/QrDialog';
import { ConfirmDelete } from './ConfirmDelete';

export function Dialogs() {
  const dialog = useUiStore(selectDialog);
  const close = useUiStore((s) => s.closeDialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'qr':
      return <QrDialog url={dialog.url} label={dialog.label} onClose={close} />;
    case 'linkOptions':
      return (
        <LinkOptionsDialog
          target={{ kind: 'share', sharename: dialog.sharename }}
          onClose={close}
        />
      );
    case 'dropLinks':
      return <LinkOptionsDialog target={{ kind: 'drop', paths: dialog.paths }} onClose={close} />;
    case 'deleteShare':
      return <ConfirmDelete target={{ sharename: dialog.sharename }} onClose={close} />;
    case 'deleteFile':
      return (
        <ConfirmDelete
          target={{ sharename: dialog.sharename, fileid: dialog.fileid }}
          onClose={close}
        />
      );
  }
}
