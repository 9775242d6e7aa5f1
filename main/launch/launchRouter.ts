/**
 * Routes every way files and links reach a running app: its own command line, a second
 * instance's argv, macOS open-file (a Finder selection or dock drop arrives one file at a
 * time; a burst becomes one share) and gett:// links. Each share goes through the same drop
 * as the window, so its link lands on the clipboard at once.
 */
import type { DropResult } from '../../shared/model';
import { isEmptyLaunch, type LaunchRequest, type ScreenshotMode } from './launchArgs';

export interface LaunchDeps {
  share(paths: string[]): Promise<DropResult>;
  /** Opens a gett:// link; what it answers with (saved files, the page shown) is printed. */
  openLink(url: string): Promise<{ readonly links: readonly string[] }>;
  screenshot(mode: ScreenshotMode): Promise<DropResult | null>;
  showWindow(): void;
  /** A failure nobody waits for (no terminal): shown as a toast. */
  report(err: unknown): void;
  /** How long open-file waits for more files of the same burst. */
  burstMs?: number;
}

export interface LaunchOutcome {
  readonly links: string[];
  readonly errors: string[];
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class LaunchRouter {
  private pending: string[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly burstMs: number;

  constructor(private readonly d: LaunchDeps) {
    this.burstMs = d.burstMs ?? 300;
  }

  /** Carries out one launch request; never rejects, failures are in `errors` and reported. */
  async handle(r: LaunchRequest): Promise<LaunchOutcome> {
    this.d.showWindow();
    if (isEmptyLaunch(r)) return { links: [], errors: [] };
    const links: string[] = [];
    const errors: string[] = [];
    const attempt = async (step: () => Promise<{ readonly links: readonly string[] } | null>) => {
      try {
        const result = await step();
        if (result) links.push(...result.links);
      } catch (err) {
        errors.push(message(err));
        this.d.report(err);
      }
    };
    if (r.paths.length > 0) await attempt(() => this.d.share(r.paths));
    for (const url of r.urls) await attempt(() => this.d.openLink(url));
    if (r.screenshot) {
      const mode = r.screenshot;
      await attempt(() => this.d.screenshot(mode));
    }
    return { links, errors };
  }

  /** One macOS open-file event; files arriving within `burstMs` of each other share together. */
  openFile(path: string): void {
    this.pending.push(path);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.burstMs);
  }

  /** Shares the files of the burst so far at once (also on quit). */
  flush(): Promise<LaunchOutcome> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const paths = this.pending;
    this.pending = [];
    if (paths.length === 0) return Promise.resolve({ links: [], errors: [] });
    return this.handle({ paths, urls: [], screenshot: null, printLinks: false });
  }
}
