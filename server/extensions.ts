/** Features plugged into every server started by startServer (live API, recipient pages). */
import type { ServerExtension } from './context.js';

export const serverExtensions: readonly ServerExtension[] = [];
