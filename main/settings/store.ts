/**
 * Where non-secret settings live. electron-store fits this interface in the app; plain Node
 * (tests, the e2e harness) uses the JSON-file or in-memory stores below.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The narrow part of electron-store the app uses. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** Keeps values in memory only. */
export class MemoryStore implements KeyValueStore {
  private readonly values = new Map<string, unknown>();
  get(key: string): unknown {
    return this.values.get(key);
  }
  set(key: string, value: unknown): void {
    this.values.set(key, structuredClone(value));
  }
}

/**
 * A small JSON file, read once and rewritten atomically on each change. Synchronous on
 * purpose, like electron-store: settings are tiny and change rarely.
 */
export class JsonFileStore implements KeyValueStore {
  private values: Record<string, unknown>;

  constructor(private readonly file: string) {
    this.values = readJson(file);
  }

  get(key: string): unknown {
    return this.values[key];
  }

  set(key: string, value: unknown): void {
    this.values = { ...this.values, [key]: structuredClone(value) };
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.values, null, 2));
    renameSync(tmp, this.file);
  }
}

function readJson(file: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    // Missing or damaged: start from defaults rather than refusing to start.
    return {};
  }
}
