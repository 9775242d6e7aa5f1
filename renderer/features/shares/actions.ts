/** What a person can do with a share or a link; each failure ends in a toast that says why. */
import { errorMessage, getApi } from '../../api';
import { RETRY_HINT, toast } from '../../state/toasts';
import { useSharesStore } from '../../state/shares';
import type { LinkFormat } from '../../../shared/linkText';

/** One "copied" toast at a time: copying again replaces it instead of stacking over the list. */
const COPIED_TOAST = 'link-copied';

export async function copyLink(url: string, what: string): Promise<void> {
  try {
    await getApi().links.copy({ text: url });
    toast('success', `Link copied for ${what}`, { id: COPIED_TOAST, action: url });
  } catch (err) {
    toast('error', `Could not copy the link: ${errorMessage(err)}`, {
      action: 'Select the link and copy it by hand.',
    });
  }
}

const copiedAs: Record<LinkFormat, (what: string) => string> = {
  plain: (what) => `Link copied for ${what}`,
  markdown: (what) => `Markdown link copied for ${what}`,
  html: (what) => `HTML link copied for ${what}`,
  all: (what) => `All links of ${what} copied, one per line`,
};

/** "Copy as…": main makes the text from its share list and puts it on the clipboard. */
export async function copyAs(
  format: LinkFormat,
  what: string,
  ref: { sharename: string; fileid?: string },
): Promise<void> {
  try {
    const text = await getApi().links.copyAs({ ...ref, format });
    toast('success', copiedAs[format](what), { id: COPIED_TOAST, action: text });
  } catch (err) {
    toast('error', `Could not copy the link: ${errorMessage(err)}`, {
      action: 'Select the link and copy it by hand.',
    });
  }
}

export async function openLink(url: string): Promise<void> {
  try {
    await getApi().links.open({ url });
  } catch (err) {
    toast('error', `Could not open the browser: ${errorMessage(err)}`, {
      action: 'Copy the link and paste it into your browser.',
    });
  }
}

/** Renames a share; the toast offers Undo, which the API allows by renaming back. */
export async function renameShare(
  sharename: string,
  title: string | null,
  previous: string | null,
  offerUndo = true,
): Promise<void> {
  try {
    const share = await getApi().shares.rename({ sharename, title });
    useSharesStore.getState().upsertShare(share);
    if (offerUndo) {
      toast('success', title ? `Renamed to “${title}”` : 'Title removed', {
        button: {
          label: 'Undo',
          onClick: () => void renameShare(sharename, previous, title, false),
        },
      });
    }
  } catch (err) {
    toast('error', `Could not rename the share: ${errorMessage(err)}`, {
      action: RETRY_HINT,
    });
  }
}

export async function deleteShare(sharename: string, title: string): Promise<boolean> {
  try {
    await getApi().shares.remove({ sharename });
    useSharesStore.getState().removeShare(sharename);
    toast('success', `Deleted “${title}”. Its links no longer work.`);
    return true;
  } catch (err) {
    toast('error', `Could not delete the share: ${errorMessage(err)}`, {
      action: RETRY_HINT,
    });
    return false;
  }
}

export async function deleteFile(
  sharename: string,
  fileid: string,
  name: string,
): Promise<boolean> {
  try {
    await getApi().shares.removeFile({ sharename, fileid });
    toast('success', `Deleted ${name}. Its link no longer works.`);
    return true;
  } catch (err) {
    toast('error', `Could not delete ${name}: ${errorMessage(err)}`, {
      action: RETRY_HINT,
    });
    return false;
  }
}
