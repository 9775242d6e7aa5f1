/**
 * Ge.tt API v1 wire types (see server/PROTOCOL.md). Schemas validate what crosses the wire;
 * types are derived from them so client and server cannot drift.
 */
import { z } from 'zod';

/** Lifecycle of a file's bytes. `removed` = deleted for terms or by an operator. */
export const readyStates = ['remote', 'uploading', 'uploaded', 'removed'] as const;
export const ReadyStateSchema = z.enum(readyStates);
export type ReadyState = z.infer<typeof ReadyStateSchema>;

export const StorageSchema = z.object({
  used: z.number(),
  limit: z.number(),
  extra: z.number(),
});
export type Storage = z.infer<typeof StorageSchema>;

export const UserSchema = z.object({
  userid: z.string(),
  fullname: z.string(),
  email: z.string(),
  storage: StorageSchema,
  downloads: z.number().optional(),
});
export type GettUser = z.infer<typeof UserSchema>;

/**
 * What signs a person in with a password (`POST /1/users/login`): the app's API key and the
 * account's email and password. The one shape the app, its tests and benches pass around.
 */
export interface Credentials {
  apikey: string;
  email: string;
  password: string;
}

export const LoginResponseSchema = z.object({
  accesstoken: z.string(),
  refreshtoken: z.string(),
  /** Lifetime in seconds (not an absolute time). Some clients read it as a string. */
  expires: z.coerce.number(),
  user: UserSchema,
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

export const UploadUrlsSchema = z.object({
  puturl: z.string(),
  posturl: z.string(),
  /** Extension: tus 1.0 resumable upload endpoint for this file. Old clients ignore it. */
  tusurl: z.string().optional(),
});
export type UploadUrls = z.infer<typeof UploadUrlsSchema>;

export const FileSchema = z.object({
  fileid: z.string(),
  filename: z.string(),
  sharename: z.string(),
  readystate: ReadyStateSchema,
  created: z.number(),
  getturl: z.string(),
  size: z.number().optional(),
  downloads: z.number(),
  upload: UploadUrlsSchema.optional(),
  /** Extension: why a `removed` file was removed. */
  reason: z.string().optional(),
  /** Extension: counted downloads left before the share's limit (only when it has one). */
  downloadsleft: z.number().optional(),
});
export type GettFile = z.infer<typeof FileSchema>;

export const ShareSchema = z.object({
  sharename: z.string(),
  title: z.string().optional(),
  created: z.number(),
  getturl: z.string(),
  files: z.array(FileSchema),
  live: z.boolean().optional(),
  /** Extension: unix seconds after which the share is gone. */
  expires: z.number().optional(),
  /** Extension: counted downloads each file allows. */
  maxdownloads: z.number().optional(),
  /** Extension: true when the share needs a password. */
  protected: z.boolean().optional(),
});
export type GettShare = z.infer<typeof ShareSchema>;

export const SharesSchema = z.array(ShareSchema);

/** Body of every failed call: `{"error": "..."}` with a 4xx (or 5xx for our own faults). */
export const ErrorBodySchema = z.object({ error: z.string() });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** The exact body every successful blob upload answers with. */
export const UPLOAD_OK_BODY = 'computer says yes';
