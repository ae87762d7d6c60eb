import os from 'node:os';
import path from 'node:path';
import versionsJson from '../versions.json';

/** The pinned versions of every server the project runs: the one place they are declared. */
export const versions = versionsJson;

export type Log = (message: string) => void;

export const defaultLog: Log = (message) => console.log(`[infra] ${message}`);

/** Where built servers are cached, outside the clone, so fresh clones and CI reuse them. */
export function cacheRoot(): string {
  const override = process.env.LIANXIN_CACHE_DIR;
  return override ? path.resolve(override) : path.join(os.homedir(), '.cache', 'lianxin');
}

/** `<cache root>/<name>-<version>`, e.g. `~/.cache/lianxin/kafka-3.9.2`. */
export function cacheDir(name: string, version: string): string {
  return path.join(cacheRoot(), `${name}-${version}`);
}
