/** Turns dropped paths into the list of files to share; folders contribute every file inside. */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

export interface LocalFile {
  readonly path: string;
  readonly name: string;
  readonly size: number;
}

export interface Collected {
  readonly files: LocalFile[];
  /** The folder's name when exactly one folder was dropped. */
  readonly title?: string;
}

/** Thrown when a dropped path cannot be read; names the path. */
export class UnreadablePathError extends Error {
  readonly code = 'EACCES';
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`Cannot read ${path}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'UnreadablePathError';
  }
}

export async function collectFiles(paths: readonly string[]): Promise<Collected> {
  const files: LocalFile[] = [];
  let folders = 0;
  let folderName: string | undefined;
  for (const p of paths) {
    const info = await stat(p).catch((err: unknown) => {
      throw new UnreadablePathError(p, err);
    });
    if (info.isDirectory()) {
      folders += 1;
      folderName = basename(p);
      files.push(...(await filesInside(p)));
    } else if (info.isFile()) {
      files.push({ path: p, name: basename(p), size: info.size });
    }
  }
  const onlyOneFolder = folders === 1 && paths.length === 1;
  return onlyOneFolder && folderName ? { files, title: folderName } : { files };
}

async function filesInside(dir: string): Promise<LocalFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(
    (err: unknown) => {
      throw new UnreadablePathError(dir, err);
    },
  );
  const found: LocalFile[] = [];
  for (const e of entries) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    const info = await stat(path).catch((err: unknown) => {
      throw new UnreadablePathError(path, err);
    });
    found.push({ path, name: e.name, size: info.size });
  }
  return found.sort((a, b) => a.path.localeCompare(b.path));
}
