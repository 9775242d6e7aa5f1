/** "Version 2.0 is ready — Restart to update", or that the restart waits for the uploads. */
import { errorMessage, getApi } from '../../api';
import { selectUpdate, useTransfersStore } from '../../state/transfers';
import { toast } from '../../state/toasts';

async function restart() {
  try {
    await getApi().updates.restart();
  } catch (err) {
    toast('error', `Could not restart to update: ${errorMessage(err)}`);
  }
}

export function UpdateNotice() {
  const update = useTransfersStore(selectUpdate);
  if (update.state !== 'ready' && update.state !== 'waiting') return null;
  const version = update.version ? `Version ${update.version}` : 'An update';
  return (
    <div className="update-notice" data-testid="update-notice" data-state={update.state}>
      {update.state === 'ready' ? (
        <>
          <span>{version} is ready.</span>
          <button type="button" className="link-button" onClick={() => void restart()}>
            Restart to update
          </button>
        </>
      ) : (
        <span role="status">{version} installs as soon as the uploads have finished.</span>
      )}
    </div>
  );
}
