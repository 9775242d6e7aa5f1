/** Ctrl/Cmd+V of files anywhere outside a text field shares them as a new share. */
import { useEffect } from 'react';
import { pathsOf, shareClipboard, sharePaths } from './actions';

function isEditable(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || target.closest('input, textarea, select') !== null)
  );
}

export function usePaste(): void {
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      if (isEditable(e.target)) return;
      e.preventDefault();
      const files = e.clipboardData?.files;
      if (files && files.length > 0) void sharePaths(pathsOf(files));
      else void shareClipboard();
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, []);
}
