/**
 * The live API feature: `liveServer()` is what startServer plugs in by default. It reads the
 * blocklist named in the config, keeps moderation and download records in the metadata store.
 */
import fs from 'node:fs';
import type { ServerExtension } from '../context.js';
import { parseBlocklist } from '../moderation/blocklist.js';
import { liveExtension, type LiveOptions } from './extension.js';
import { recordDownloads } from './records.js';

export { liveExtension, type LiveOptions } from './extension.js';
export { isLinkPreviewBot } from './bots.js';

/** The live API with moderation and download records in the server's metadata store. */
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
    const live = liveExtension({ ...options, moderation: ctx.meta.moderation, blocklist })(ctx);
    return {
      ...live,
      register: async (app) => {
        await live.register?.(app);
        recordDownloads(
          app.server,
          ctx.meta.downloads,
          (err) => ctx.logger.warn('recording a download failed', { err: String(err) }),
          {
            trustProxy: ctx.config.trustProxy,
            sizeOf: (sharename, fileid) => ctx.meta.getFile(sharename, fileid)?.size ?? null,
          },
        );
      },
    };
  };
}
