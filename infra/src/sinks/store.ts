import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';

/**
 * What a sink keeps: records in memory, oldest first, and — when given a file — one JSON line per
 * change appended to it, so a restarted sink reads its records back. A record that changes (an
 * SMS repeated) is appended again; on reading, the last line of a key wins and keeps the place of
 * the first. Lines that do not parse (a write cut short) are skipped.
 */
export class JsonLinesStore<T> {
  private readonly records = new Map<string, T>();
  /** Writes one after another, in the order they were asked for. */
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string | undefined,
    private readonly keyOf: (record: T) => string,
  ) {}

  /** Opens the store of `file` (created when missing), or an in-memory one without a file. */
  static async open<S extends z.ZodType>(
    file: string | undefined,
    schema: S,
    keyOf: (record: z.output<S>) => string,
  ): Promise<JsonLinesStore<z.output<S>>> {
    const store = new JsonLinesStore<z.output<S>>(file, keyOf);
    if (!file) return store;
    await mkdir(path.dirname(file), { recursive: true });
    const lines = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    for (const line of lines.split('\n')) {
      if (!line.trim()) continue;
      const record = schema.safeParse(parseJson(line));
      if (record.success) store.records.set(keyOf(record.data), record.data);
    }
    return store;
  }

  /** Every record, oldest first. */
  values(): T[] {
    return [...this.records.values()];
  }

  get(key: string): T | undefined {
    return this.records.get(key);
  }

  /** Adds or replaces a record (in memory at once); resolves when its line is written. */
  put(record: T): Promise<void> {
    this.records.set(this.keyOf(record), record);
    const file = this.file;
    return file ? this.enqueue(() => appendFile(file, `${JSON.stringify(record)}\n`, 'utf8')) : Promise.resolve();
  }

  /** Forgets every record, the file's too. */
  clear(): Promise<void> {
    this.records.clear();
    const file = this.file;
    return file ? this.enqueue(() => writeFile(file, '', 'utf8')) : Promise.resolve();
  }

  /** Resolves when every write asked for so far is done. */
  flush(): Promise<void> {
    return this.writes;
  }

  private enqueue(write: () => Promise<void>): Promise<void> {
    const done = this.writes.then(write);
    // A failed write fails its own caller, not the ones queued after it.
    this.writes = done.catch(() => undefined);
    return done;
  }
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}
