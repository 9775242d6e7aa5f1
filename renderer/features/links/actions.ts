/** Sending link options to main: at a drop and for an existing share. */
import type { LinkOptions } from '../../../shared/model';
import { errorMessage, getApi } from '../../api';
import { toast } from '../../state/toasts';
import { useSharesStore } from '../../state/shares';
import { announceDrop } from '../drop/actions';

/** How a send went: the dialog closes on `ok`, else shows `error` and stays open. */
export type SendResult = { ok: true } | { ok: false; error: string };

/** Shares dropped paths as a new share with these options; links are copied as usual. */
export async function dropLinks(paths: readonly string[], links: LinkOptions): Promise<SendResult> {
  try {
    announceDrop(await getApi().shares.drop({ paths: [...paths], links }));
    return { ok: true };
  } catch (err) {
    return { ok: false, error: `Nothing was shared: ${errorMessage(err)}` };
  }
}

/** Changes a share's options; nothing to change closes the dialog without a call. */
export async function saveLinks(
  sharename: string,
  name: string,
  links: LinkOptions,
): Promise<SendResult> {
  if (Object.keys(links).length === 0) return { ok: true };
  try {
    const share = await getApi().shares.setLinks({ sharename, links });
    useSharesStore.getState().upsertShare(share);
    toast('success', `Link options saved for ${name}`);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: `Not saved: ${errorMessage(err)}` };
  }
}

/** Takes an expired share off the list (the server has removed it already). */
export async function removeExpired(sharename: string, name: string): Promise<void> {
  try {
    await getApi().shares.remove({ sharename });
    useSharesStore.getState().removeShare(sharename);
    toast('success', `Removed “${name}” from the list.`);
  } catch (err) {
    toast('error', `Could not remove the share from the list: ${errorMessage(err)}`, {
      action: 'Try again in a moment.',
    });
  }
}
