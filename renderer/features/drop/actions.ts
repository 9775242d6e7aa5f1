/** Turning dropped, chosen or pasted files into shares, and telling the person what was copied. */
import { errorMessage, getApi } from '../../api';
import type { DropResult } from '../../../shared/model';
import { useSettingsStore } from '../../state/settings';
import { RETRY_HINT, toast } from '../../state/toasts';
import { useUiStore } from '../../state/ui';

/** The window's encryption switch, when it differs from Settings (main applies the default). */
function withChoice<T extends object>(payload: T): T & { encrypt?: boolean } {
  const encrypt = useUiStore.getState().encryptNext;
  return encrypt === null ? payload : { ...payload, encrypt };
}

/** Toast for a finished drop: the link (or links) are already on the clipboard. */
export function announceDrop(result: DropResult | null): void {
  if (!result) return;
  useUiStore.getState().setReveal(result.sharename);
  const fileLinks = Math.max(0, result.links.length - 1);
  const message =
    result.links.length > 1 ? `Links copied: the share and ${fileLinks} files` : 'Link copied';
  toast('success', message, { action: result.copied.split('\n')[0] ?? result.copied });
}

/** The most paths one drop may carry (the IPC contract's limit). */
export const MAX_DROP = 10_000;

/** Shares files by path: into `sharename` when given, else as a new share. */
export async function sharePaths(paths: readonly string[], sharename?: string): Promise<void> {
  const usable = paths.filter((p) => p.length > 0);
  if (usable.length === 0) {
    toast('error', 'Nothing to share there.', {
      action: 'Drop files or folders from your file manager, or use Choose files.',
    });
    return;
  }
  if (usable.length > MAX_DROP) {
    toast('error', `That is ${usable.length.toLocaleString()} items at once; nothing was shared.`, {
      action: `Drop at most ${MAX_DROP.toLocaleString()} at a time, or drop the folder that holds them.`,
    });
    return;
  }
  if (sharename === undefined && useSettingsStore.getState().settings?.askPasswordOnDrop) {
    // Settings: ask for a password first; the dialog shares the files (or nothing, if cancelled).
    useUiStore.getState().openDialog({ kind: 'dropLinks', paths: usable });
    return;
  }
  try {
    const result = await getApi().shares.drop(
      withChoice(sharename === undefined ? { paths: usable } : { paths: usable, sharename }),
    );
    announceDrop(result);
  } catch (err) {
    toast('error', `Could not share the files: ${errorMessage(err)}`, {
      action: 'Check the server connection, then drop them again.',
    });
  }
}

/** Real paths of dropped or pasted files; files without a path (e.g. from a web page) are left out. */
export function pathsOf(files: FileList | readonly File[]): string[] {
  const api = getApi();
  const paths: string[] = [];
  for (const file of Array.from(files)) {
    try {
      const path = api.files.pathFor(file);
      if (path) paths.push(path);
    } catch {
      // A file without a path on disk cannot be uploaded; sharePaths reports when none are left.
    }
  }
  return paths;
}

/** Opens the system file picker and shares what was chosen. */
export async function chooseFiles(sharename?: string): Promise<void> {
  try {
    const result = await getApi().shares.chooseFiles(
      withChoice(sharename === undefined ? {} : { sharename }),
    );
    announceDrop(result);
  } catch (err) {
    toast('error', `Could not share the chosen files: ${errorMessage(err)}`, {
      action: RETRY_HINT,
    });
  }
}

/** Shares what is on the clipboard (text or an image) when no files were pasted. */
export async function shareClipboard(): Promise<void> {
  try {
    announceDrop(await getApi().shares.shareClipboard());
  } catch (err) {
    toast('error', `Could not share the clipboard: ${errorMessage(err)}`, {
      action: 'Copy a file, an image or some text, then paste again.',
    });
  }
}
