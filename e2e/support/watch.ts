/** Records what the window showed for each file row over time, as a person watching it would. */
import type { Page } from '@playwright/test';

export interface RowHistory {
  /** Each data-state the row took, in order, without repeats. */
  readonly states: string[];
  /** Whether the row ever showed a progress bar. */
  readonly progress: boolean;
}

interface Recorder {
  __rows: Record<string, RowHistory>;
}

/** Starts watching every file row; call `history()` later to read what was shown. */
export async function watchFileRows(page: Page) {
  await page.evaluate(() => {
    const rows: Record<string, { states: string[]; progress: boolean }> = {};
    const look = () => {
      for (const row of document.querySelectorAll<HTMLElement>('[data-testid=file-row]')) {
        const name = row.querySelector('.file__name')?.textContent ?? '';
        const seen = (rows[name] ??= { states: [], progress: false });
        const state = row.dataset.state ?? '';
        if (seen.states.at(-1) !== state) seen.states.push(state);
        if (row.querySelector('[role=progressbar]')) seen.progress = true;
      }
    };
    new MutationObserver(look).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
    });
    (window as unknown as Recorder).__rows = rows;
  });
  return {
    history: () => page.evaluate(() => (window as unknown as Recorder).__rows),
  };
}
