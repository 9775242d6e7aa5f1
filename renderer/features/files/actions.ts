/** Pause, resume, cancel and retry of one upload. */
import { errorMessage, getApi } from '../../api';
import { toast } from '../../state/toasts';

export type UploadCommand = 'pause' | 'resume' | 'cancel' | 'retry';

export async function controlUpload(
  command: UploadCommand,
  sharename: string,
  fileid: string,
  filename: string,
): Promise<void> {
  try {
    await getApi().uploads[command]({ sharename, fileid });
  } catch (err) {
    toast('error', `Could not ${command} ${filename}: ${errorMessage(err)}`, {
      action: 'Try again in a moment.',
    });
  }
}
