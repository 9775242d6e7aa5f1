/**
 * The live API feature: `liveServer()` is what startServer plugs in by default. It reads the
 * blocklist named in the config and keeps moderation in the data dir's SQLite file.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ServerExtension } from '../context.js';
import { parseBlocklist } from '../moderation/blocklist.js';
import { openModeration } from '../moderation/open.js';
import { liveExtension, type LiveOptions } from './extension.js';

export { liveExtension, type LiveOptions } from './extension.js';
export { isLinkPreviewBot } from './bots.js';

/** The live API with moderation on the server's data dir (`<data>/gett.sqlite`). */
export function liveServer(
  options: Omit<LiveOptions, 'moderation' | 'blocklist'> = {},
): ServerExtension {
  return (ctx) => {
    const file = ctx.config.blocklistFile;
    let blocklist: ReadonlySet<string> | undefined;
    if (file !== undefined) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (err) {
        throw new Error(`cannot read the blocklist ${file}: ${(err as Error).message}`);
      }
      blocklist = parseBlocklist(text, file);
    }
    // The data dir holds thumbs/ and gett.sqlite side by side (see server/README.md).
    const moderation = openModeration(path.join(path.dirname(ctx.config.thumbsDir), 'gett.sqlite'));
    const live = liveExtension({ ...options, moderation: moderation.store, blocklist })(ctx);
    return {
      ...live,
      register: async (app) => {
        await live.register?.(app);
        moderation.downloads.watch(app.server, (err) =>
          ctx.logger.warn('recording a download failed', { err: String(err) }),
        );
      },
      close: async () => {
        await live.close?.();
        moderation.close();
      },
    };
  };
}
