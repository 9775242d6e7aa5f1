export { ApiClient, type ApiClientOptions, type Credentials } from './apiClient';
export { ApiError, toErrorView, type ApiErrorKind } from './errors';
export { putBlob, isAbort, type PutBlobOptions } from './putBlob';
