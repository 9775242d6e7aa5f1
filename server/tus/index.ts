/** Resumable uploads over tus 1.0 (core, creation, termination), one endpoint per file. */
export { tusRoutes } from './routes.js';
