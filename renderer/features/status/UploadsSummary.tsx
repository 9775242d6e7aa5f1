/** "Uploading 3 files" with Pause all / Resume all, shown only while uploads are in the queue. */
import { useShallow } from 'zustand/react/shallow';
import { uploadCounts, type UploadCounts } from '../../../shared/uploads';
import { errorMessage, getApi } from '../../api';
import { useSharesStore } from '../../state/shares';
import type { SharesState } from '../../state/shares';
import { toast } from '../../state/toasts';

/** Counts of files this app is uploading (or waiting to) and of paused ones. */
export const selectUploadCounts = (s: SharesState): UploadCounts => uploadCounts(s.shares);

async function run(command: 'pauseAll' | 'resumeAll') {
  try {
    await getApi().uploads[command]();
  } catch (err) {
    const what = command === 'pauseAll' ? 'pause' : 'resume';
    toast('error', `Could not ${what} the uploads: ${errorMessage(err)}`, {
      action: 'Try again in a moment.',
    });
  }
}

export function UploadsSummary() {
  const { active, paused } = useSharesStore(useShallow(selectUploadCounts));
  if (active === 0 && paused === 0) return null;
  return (
    <div className="uploads-summary" data-testid="uploads-summary">
      <span>
        {active > 0 ? `Uploading ${active === 1 ? '1 file' : `${active} files`}` : null}
        {active > 0 && paused > 0 ? ', ' : null}
        {paused > 0 ? `${paused} paused` : null}
      </span>
      {active > 0 ? (
        <button type="button" className="link-button" onClick={() => void run('pauseAll')}>
          Pause all
        </button>
      ) : (
        <button type="button" className="link-button" onClick={() => void run('resumeAll')}>
          Resume all
        </button>
      )}
    </div>
  );
}
