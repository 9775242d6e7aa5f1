/** Features plugged into every server started by startServer (live API, recipient pages). */
import type { ServerExtension } from './context.js';
import { liveServer } from './live/index.js';
import { recipientPages } from './pages/index.js';

export const serverExtensions: readonly ServerExtension[] = [liveServer(), recipientPages()];
