/** Wire shapes of users, shares and files (gett-api.md §4), built from stored records. */
import type { GettFile, GettShare, GettUser } from '../shared/gett.js';
import type { ServerContext } from './context.js';
import type { FileRecord, ShareRecord, UserRecord } from './storage/types.js';

export function userView(ctx: ServerContext, user: UserRecord): GettUser & Record<string, unknown> {
  const used = ctx.meta.storageUsed(user.id);
  const stats = ctx.meta.userStats(user.id);
  // `free` is a later addition some clients read; `extra` is already part of `limit`. Free
  // counts running uploads too: it is what the next upload may really store.
  // A limit past what the disk holds is shown as the disk: used plus what it can still take.
  const disk = ctx.blobs.available?.();
  const storage = {
    used,
    limit: disk === undefined ? user.storageLimit : Math.min(user.storageLimit, used + disk),
    extra: 0,
    free: Math.max(0, ctx.uploads.free(user.id)),
  };
  return {
    userid: user.id,
    fullname: user.fullname,
    email: user.email,
    files: stats.files,
    downloads: stats.downloads,
    storage,
  };
}

export function fileView(
  ctx: ServerContext,
  file: FileRecord,
  withUpload = false,
  share: ShareRecord | undefined = ctx.meta.getShare(file.sharename),
): GettFile & Record<string, unknown> {
  const view: GettFile & Record<string, unknown> = {
    fileid: file.fileid,
    filename: file.filename,
    sharename: file.sharename,
    readystate: file.readystate,
    created: file.created,
    getturl: ctx.urls.file(file.sharename, file.fileid),
    downloads: file.downloads,
    download: ctx.urls.blobApi(file),
  };
  if (file.size !== null) view.size = file.size;
  if (file.reason !== null) view.reason = file.reason;
  if (withUpload) view.upload = ctx.urls.upload(file);
  if (share?.maxDownloads != null) {
    view.downloadsleft = Math.max(0, share.maxDownloads - file.downloads);
  }
  return view;
}

/** Who looks at a share: its owner (authenticated) or anyone else. */
export type Viewer = 'owner' | 'public';

export function shareView(
  ctx: ServerContext,
  share: ShareRecord,
  viewer: Viewer,
  files: readonly FileRecord[] = share.removed ? [] : ctx.meta.listFiles(share.name),
): GettShare & Record<string, unknown> {
  const view: GettShare & Record<string, unknown> = {
    sharename: share.name,
    created: share.created,
    getturl: ctx.urls.share(share.name),
    files: files.map((f) => fileView(ctx, f, false, share)),
    live: !share.removed && ctx.live.isUserLive(share.ownerId),
  };
  if (viewer === 'owner') {
    // Later versions of the service named the owner; some clients print these. Only the owner
    // sees them: anyone with the link would otherwise learn the account id and a name that
    // defaults to the email's local part. Clients that read them (NET) take them as optional.
    view.userid = share.ownerId;
    view.fullname = ctx.meta.getUser(share.ownerId)?.fullname ?? '';
  }
  // Absent rather than null: typed clients reject a null title.
  if (share.title !== null) view.title = share.title;
  if (share.removed) view.readystate = 'removed';
  // Extensions (links that end); the password and its hash never leave the server.
  if (share.expires !== null) view.expires = share.expires;
  if (share.maxDownloads !== null) view.maxdownloads = share.maxDownloads;
  if (share.passwordHash !== null) view.protected = true;
  return view;
}

/**
 * A protected share as anyone without its password sees it: that it exists and is protected,
 * nothing more (no title, files, owner, limits or live state). A removed one reads as removed.
 */
export function lockedShareView(
  ctx: ServerContext,
  share: ShareRecord,
): GettShare & Record<string, unknown> {
  const view: GettShare & Record<string, unknown> = {
    sharename: share.name,
    created: share.created,
    getturl: ctx.urls.share(share.name),
    files: [],
    live: false,
  };
  if (share.removed) view.readystate = 'removed';
  else view.protected = true;
  return view;
}
