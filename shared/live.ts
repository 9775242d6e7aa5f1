/**
 * Live API messages (server/PROTOCOL.md §Live). The server may send only the four event types
 * below plus the bare `ping`/`pong` heartbeats; old clients crash on anything else.
 */
import { z } from 'zod';

export const ConnectMessageSchema = z.object({
  type: z.literal('connect'),
  accesstoken: z.string().min(1),
  session: z.string().min(1).max(200),
});
export type ConnectMessage = z.infer<typeof ConnectMessageSchema>;

const fileRef = {
  sharename: z.string(),
  fileid: z.string(),
  filename: z.string(),
};

export const DownloadEventSchema = z.object({
  type: z.literal('download'),
  ...fileRef,
  increment: z.boolean().optional(),
});
export const StorageLimitEventSchema = z.object({ type: z.literal('storagelimit'), ...fileRef });
export const FileStatEventSchema = z.object({
  type: z.literal('filestat'),
  ...fileRef,
  size: z.number(),
});
export const ViolatedTermsEventSchema = z.object({
  type: z.literal('violatedterms'),
  ...fileRef,
  reason: z.string(),
});

export const LiveEventSchema = z.discriminatedUnion('type', [
  DownloadEventSchema,
  StorageLimitEventSchema,
  FileStatEventSchema,
  ViolatedTermsEventSchema,
]);
export type LiveEvent = z.infer<typeof LiveEventSchema>;
export type LiveEventType = LiveEvent['type'];
export const liveEventTypes: readonly LiveEventType[] = [
  'download',
  'storagelimit',
  'filestat',
  'violatedterms',
];

/** Heartbeat frames are bare text, not JSON. */
export const PING = 'ping';
export const PONG = 'pong';

/** Parses one frame from the server: a heartbeat, an event, or null for anything unknown. */
export function parseServerFrame(text: string): LiveEvent | typeof PING | typeof PONG | null {
  const trimmed = text.trim();
  if (trimmed === PING || trimmed === PONG) return trimmed;
  try {
    const parsed = LiveEventSchema.safeParse(JSON.parse(trimmed));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
