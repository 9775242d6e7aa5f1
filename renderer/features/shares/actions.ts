/** What a person can do with a share or a link; each failure ends in a toast that says why. */
import { errorMessage, getApi } from '../../api';
import { RETRY_HINT, toast } from '../../state/toasts';
import { useSharesStore } from '../../state/shares';
import type { ShareView } from '../../../shared/model';
import { allLinks, formatLink, type LinkFormat } from './copyAs';

const copiedAs: Record<LinkFormat, string> = {
  plain: 'Link copied',
  markdown: 'Markdown link copied',
  html: 'HTML link copied',
};

export function copyLink(url: string, what: string, format: LinkFormat = 'plain') {
  return copyText(formatLink(format, url, what), `${copiedAs[format]} for ${what}`);
}

export function copyAllLinks(share: ShareView, title: string) {
  const files = share.files.length === 1 ? '1 file' : `${share.files.length} files`;
  return copyText(allLinks(share, title), `Links copied for ${title} and its ${files}`);
}

async function copyText(text: string, message: string): Promise<void> {
  try {
    await getApi().links.copy({ text });
    toast('success', message, { action: text });
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
