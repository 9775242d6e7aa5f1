/**
 * Errors the app shows to a person. Every code has a message saying what happened and what
 * to do next; main picks the code, the renderer shows the text and the action.
 */
export const appErrors = {
  serverUnreachable: {
    message: 'The server cannot be reached.',
    action: 'Check your network or the server address in Settings; uploads resume by themselves.',
  },
  signedOut: {
    message: 'You are signed out.',
    action: 'Sign in again in Settings.',
  },
  wrongCredentials: {
    message: 'Wrong email, password or API key.',
    action: 'Check them and try again.',
  },
  storageFull: {
    message: 'Your storage is full.',
    action: 'Delete old shares to free space, then retry.',
  },
  fileTooLarge: {
    message: 'This file is larger than the space left on your account.',
    action: 'Delete old shares to free space, then retry.',
  },
  uploadFailed: {
    message: 'The upload failed.',
    action: 'Retry the upload.',
  },
  fileUnreadable: {
    message: 'The file could not be read from disk.',
    action: 'Check that it still exists and that you may read it, then retry.',
  },
  removedForTerms: {
    message: 'The file was removed for breaking the terms of use.',
    action: 'It can no longer be shared.',
  },
  secureStorageUnavailable: {
    message: 'Secure storage is unavailable, so your sign-in will not be remembered.',
    action: 'You will be asked to sign in again next time.',
  },
  notFound: {
    message: 'That share or file no longer exists.',
    action: 'Refresh the list.',
  },
  invalidRequest: {
    message: 'The request was not valid.',
    action: 'Try again; if it keeps happening, report it.',
  },
  expiryTooLate: {
    message: 'This server does not keep shares that long.',
    action: 'Choose an earlier expiry date.',
  },
  expiryRequired: {
    message: 'This server keeps shares only for a while, so a link cannot be kept forever.',
    action: 'Choose when the link expires.',
  },
  badLinkOptions: {
    message: 'The server did not take the expiry, download limit or password.',
    action:
      'Choose an expiry in the future, a limit from 1 to 1,000,000, a password of at most 1,000 characters.',
  },
  shareExpired: {
    message: 'This share has expired; its links no longer work.',
    action: 'Remove it from the list, or share the files again.',
  },
  unknown: {
    message: 'Something went wrong.',
    action: 'Try again.',
  },
} as const satisfies Record<string, { message: string; action: string }>;

export type AppErrorCode = keyof typeof appErrors;

/** What the renderer receives for a failure: the code, the message and the next step. */
export interface AppErrorView {
  readonly code: AppErrorCode;
  readonly message: string;
  readonly action: string;
  /** Extra detail from the server or the OS, shown small. */
  readonly detail?: string;
}

export function appErrorView(code: AppErrorCode, detail?: string): AppErrorView {
  const { message, action } = appErrors[code];
  return detail === undefined ? { code, message, action } : { code, message, action, detail };
}
