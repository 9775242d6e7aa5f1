export {
  UploadQueue,
  type FileRef,
  type UploadQueueOptions,
  type UploadQueueListeners,
} from './uploadQueue';
export { collectFiles, type LocalFile } from './collect';
export { ProgressMeter, PROGRESS_INTERVAL_MS } from './progress';
