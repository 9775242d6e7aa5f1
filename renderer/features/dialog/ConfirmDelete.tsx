/** Asks before deleting a share or a file, saying what stops working. */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSharesStore } from '../../state/shares';
import { deleteFile, deleteShare } from '../shares/actions';
import { UNTITLED } from '../shares/ShareTitle';
import { Dialog } from './Dialog';

type Target = { sharename: string; fileid?: string };

export function ConfirmDelete({ target, onClose }: { target: Target; onClose: () => void }) {
  const { sharename, fileid } = target;
  const found = useSharesStore(
    useShallow((s) => {
      const share = s.shares.find((x) => x.sharename === sharename);
      const file = fileid === undefined ? undefined : share?.files.find((f) => f.fileid === fileid);
      return { share, file };
    }),
  );
  const [busy, setBusy] = useState(false);
  const gone = !found.share || (fileid !== undefined && !found.file);
  // Deleted elsewhere (another window, the tray, the server): nothing is left to confirm.
  useEffect(() => {
    if (gone) onClose();
  }, [gone, onClose]);
  if (!found.share || gone) return null;

  const isFile = found.file !== undefined;
  const name = found.file?.filename ?? found.share.title ?? UNTITLED;
  const count = found.share.files.length;
  const confirm = async () => {
    setBusy(true);
    const ok = isFile
      ? await deleteFile(sharename, fileid ?? '', name)
      : await deleteShare(sharename, name);
    setBusy(false);
    if (ok) onClose();
  };

  return (
    <Dialog
      title={isFile ? `Delete ${name}?` : `Delete “${name}”?`}
      description={
        isFile
          ? 'Its link stops working for everyone. This cannot be undone.'
          : `The share and its ${count === 1 ? 'file' : `${count} files`} are deleted from the server and their links stop working for everyone. This cannot be undone.`
      }
      onClose={onClose}
      testId="confirm-delete"
    >
      <div className="dialog__buttons">
        <button type="button" className="button" onClick={onClose} data-autofocus="">
          Keep
        </button>
        <button
          type="button"
          className="button button--danger"
          disabled={busy}
          onClick={() => void confirm()}
        >
          {busy ? 'Deleting…' : 'Delete'}
        </button>
      </div>
    </Dialog>
  );
}
