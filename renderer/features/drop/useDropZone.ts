/**
 * Makes the whole window a drop zone. Dropping onto a share row (or its files) adds to that
 * share; anywhere else makes a new share.
 */
import { useEffect } from 'react';
import { useUiStore } from '../../state/ui';
import { pathsOf, sharePaths } from './actions';

const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;

/** The share under the pointer, from the nearest element marked with data-drop-share. */
export function dropShareAt(target: EventTarget | null): string | null {
  if (!(target instanceof Element)) return null;
  return target.closest<HTMLElement>('[data-drop-share]')?.dataset.dropShare ?? null;
}

export function useDropZone(): void {
  useEffect(() => {
    const { setDrag } = useUiStore.getState();
    // dragenter/dragleave fire for every child; count them to know when the drag left the window.
    let depth = 0;
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth += 1;
      setDrag(true, dropShareAt(e.target));
    };
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setDrag(true, dropShareAt(e.target));
    };
    const onLeave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDrag(false);
    };
    const onDrop = (e: DragEvent) => {
      e.preventDefault();
      depth = 0;
      setDrag(false);
      const files = e.dataTransfer?.files;
      if (!files || files.length === 0) return;
      const sharename = dropShareAt(e.target) ?? undefined;
      void sharePaths(pathsOf(files), sharename);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        depth = 0;
        setDrag(false);
      }
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('keydown', onKey);
    };
  }, []);
}
