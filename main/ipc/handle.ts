/**
 * Validation for every IPC command, independent of Electron: the sender must be our own
 * top-level page and the payload must match the contract's schema. A bad call is rejected
 * with a message, never answered with undefined. Every answer is a result envelope, so a
 * failure keeps its code across IPC (see `IpcResult`).
 */
import {
  IpcError,
  settle,
  invokeChannels,
  invokeContract,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
  type IpcResult,
} from '../../shared/ipc';

export type Handlers = {
  [K in InvokeChannel]: (payload: InvokeRequest<K>) => Promise<InvokeResponse<K>>;
};

/** What we know of the frame that sent a command. */
export interface SenderInfo {
  readonly url: string;
  readonly isTopFrame: boolean;
}

/** Decides whether a sender is our own renderer page. */
export type SenderCheck = (sender: SenderInfo) => boolean;

/** Accepts only the top-level frame whose URL starts with the app's renderer URL. */
export function trustedSender(rendererUrl: string): SenderCheck {
  const base = new URL(rendererUrl);
  return (sender) => {
    if (!sender.isTopFrame) return false;
    try {
      const u = new URL(sender.url);
      return u.protocol === base.protocol && u.host === base.host && u.pathname === base.pathname;
    } catch {
      return false;
    }
  };
}

/** Runs one command after checking sender and payload; failures come back as `{ok: false}`. */
export function dispatch(
  handlers: Handlers,
  isTrusted: SenderCheck,
  channel: string,
  sender: SenderInfo,
  payload: unknown,
): Promise<IpcResult<unknown>> {
  return settle(() => run(handlers, isTrusted, channel, sender, payload));
}

async function run(
  handlers: Handlers,
  isTrusted: SenderCheck,
  channel: string,
  sender: SenderInfo,
  payload: unknown,
): Promise<unknown> {
  if (!isTrusted(sender)) {
    throw new IpcError(
      `Refused ${channel}: the request did not come from the app window.`,
      'forbidden',
    );
  }
  if (!(invokeChannels as string[]).includes(channel)) {
    throw new IpcError(`Unknown command: ${channel}`, 'unknown-channel');
  }
  const key = channel as InvokeChannel;
  const parsed = invokeContract[key].request.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new IpcError(
      `Invalid request for ${channel}${where}: ${issue?.message ?? 'bad payload'}`,
      'invalid-payload',
    );
  }
  const handler = handlers[key] as (p: unknown) => Promise<unknown>;
  return handler(parsed.data);
}
