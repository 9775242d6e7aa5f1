export {
  EmbeddedServerHost,
  type EmbeddedConfig,
  type EmbeddedForker,
  type EmbeddedProcess,
  type LocalAccountRequest,
} from './embeddedHost';
export { forkWithNode } from './nodeFork';
