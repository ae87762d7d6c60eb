import { mkdirSync, rmdirSync, statSync } from 'node:fs';

/** A lock older than this is left over from a build that died. */
const staleLockMs = 10 * 60_000;

/**
 * One build at a time (two `npm start`s, or `npm run build:apps` beside one): a lock directory,
 * waited for; one left by a build that died is taken over after ten minutes.
 */
export async function withDirectoryLock<T>(lockDir: string, work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > staleLockMs) rmdirSync(lockDir);
      } catch {
        // gone meanwhile
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await work();
  } finally {
    try {
      rmdirSync(lockDir);
    } catch {
      // already removed
    }
  }
}
