import os from 'node:os';
import path from 'node:path';
import versionsJson from '../versions.json';

/** The pinned versions of every server the project runs: the one place they are declared. */
export const versions = versionsJson;

/** Where built servers are cached, outside the clone, so fresh clones and CI reuse them. */
export function cacheRoot(): string {
  return process.env.LIANXIN_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'lianxin');
}

export function cacheDir(name: string, version: string): string {
  return path.join(cacheRoot(), `${name}-${version}`);
}
