/**
 * Uploads in flight: one per file (a new upload to the same file stops the older one), bytes
 * counted per user so parallel uploads cannot pass the storage limit together, and a way to
 * stop them all when the server closes.
 */
/** One upload in flight. */
export interface Running {
  readonly userId: string;
  readonly controller: AbortController;
  bytes: number;
}

export class UploadRegistry {
  private readonly running = new Map<string, Running>();

  /** Registers an upload to `sharename/fileid`, aborting an older one to the same file. */
  begin(sharename: string, fileid: string, userId: string): Running & { end(): void } {
    const id = `${sharename}/${fileid}`;
    this.running.get(id)?.controller.abort(new Error('superseded'));
    const entry: Running = { userId, controller: new AbortController(), bytes: 0 };
    this.running.set(id, entry);
    return Object.assign(entry, {
      end: () => {
        if (this.running.get(id) === entry) this.running.delete(id);
      },
    });
  }

  /** Stops the running upload to a file (it was destroyed). */
  abort(sharename: string, fileid: string): void {
    this.running.get(`${sharename}/${fileid}`)?.controller.abort(new Error('file removed'));
  }

  /** Bytes being written by the user's other uploads. */
  inFlight(userId: string, except: object): number {
    let sum = 0;
    for (const r of this.running.values()) if (r.userId === userId && r !== except) sum += r.bytes;
    return sum;
  }

  /** Stops every running upload (server shutdown). */
  abortAll(reason: Error): void {
    for (const r of this.running.values()) r.controller.abort(reason);
  }
}
