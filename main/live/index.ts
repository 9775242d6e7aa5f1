export {
  LiveClient,
  type LiveClientOptions,
  type LiveListeners,
  type LiveState,
} from './liveClient';
export { backoffDelay, defaultBackoff, type BackoffOptions } from './backoff';
