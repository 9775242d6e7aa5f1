/**
 * What the link options form sends: only what changed on a share, everything on a drop.
 * Pure, so the rules are tested without the dialog.
 */
import type { LinkOptions, ShareView } from '../../../shared/model';

/** The form as a person left it. `expiry` is "keep", or seconds from now as text (0 = never). */
export interface LinkForm {
  readonly expiry: string;
  /** Downloads per file; 0 = no limit. */
  readonly limit: number;
  /** What was typed; '' = none typed. */
  readonly password: string;
  readonly removePassword: boolean;
}

/** For a new share: every option, so Settings' defaults and the server's do not apply. */
export function dropOptions(form: LinkForm, nowMs: number = Date.now()): LinkOptions {
  const seconds = Number(form.expiry);
  return {
    expires: seconds > 0 ? Math.floor(nowMs / 1000) + seconds : null,
    maxdownloads: form.limit > 0 ? form.limit : null,
    ...(form.password !== '' ? { password: form.password } : {}),
  };
}

/** For an existing share: only the fields that change (an empty object changes nothing). */
export function changedOptions(
  share: ShareView,
  form: LinkForm,
  nowMs: number = Date.now(),
): LinkOptions {
  const out: { -readonly [K in keyof LinkOptions]: LinkOptions[K] } = {};
  if (form.expiry !== 'keep') {
    const seconds = Number(form.expiry);
    if (seconds > 0) out.expires = Math.floor(nowMs / 1000) + seconds;
    else if (share.expires !== undefined) out.expires = null;
  }
  const limit = form.limit > 0 ? form.limit : undefined;
  if (limit !== share.maxdownloads) out.maxdownloads = limit ?? null;
  if (form.removePassword) out.password = null;
  else if (form.password !== '') out.password = form.password;
  return out;
}
