import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../cli/processes';
import { buildApps } from './apps';
import { appOutputs, appsDir, workflowBundleName } from './layout';
import { withDirectoryLock } from './lock';
import { buildDecisionFor, inputsHash, stampName } from './stamp';
import { buildWorkflowBundle } from './workflow-bundle';

/** Puts the folder `next` where `target` is, the old one removed: processes started meanwhile find one whole build or the other. */
function replaceFolder(next: string, target: string): void {
  const old = `${target}.old-${process.pid}`;
  if (existsSync(target)) renameSync(target, old);
  renameSync(next, target);
  rmSync(old, { recursive: true, force: true });
}

/**
 * `npm run build:apps [-- --force]`: builds the app processes (`.build/apps/<name>.js`) and the
 * worker's workflow bundle (`.build/apps/order-workflows.js`) when their inputs changed since
 * the last build (see stamp.ts), or always with `--force`. `npm start` runs it, in a process of
 * its own (esbuild's service and webpack stay out of the supervisor), when a build is due.
 * The new build is made in a folder beside and put in place whole, its stamp with it; the stamp
 * holds the hash of the inputs as read before building, so a change made meanwhile is built next time.
 */
async function main(): Promise<void> {
  const force = process.argv.includes('--force');
  mkdirSync(path.dirname(appsDir), { recursive: true });
  await withDirectoryLock(`${appsDir}.lock`, async () => {
    const started = Date.now();
    const hash = inputsHash(repoRoot);
    const decision = buildDecisionFor(appsDir, appOutputs, hash);
    if (!force && !decision.rebuild) {
      console.log('[build] the app processes are up to date');
      return;
    }
    const next = `${appsDir}.next-${process.pid}`;
    rmSync(next, { recursive: true, force: true });
    mkdirSync(next, { recursive: true });
    try {
      await Promise.all([buildApps(next), buildWorkflowBundle(path.join(next, workflowBundleName))]);
      writeFileSync(path.join(next, stampName), `${hash}\n`);
      replaceFolder(next, appsDir);
    } catch (error) {
      rmSync(next, { recursive: true, force: true });
      throw error;
    }
    const reason = force ? 'forced' : decision.rebuild ? decision.reason : '';
    console.log(`[build] app processes built into ${path.relative(repoRoot, appsDir)} in ${((Date.now() - started) / 1000).toFixed(1)} s (${reason})`);
  });
}

main().catch((error: unknown) => {
  console.error(`[build] ${(error as Error).message}`);
  process.exit(1);
});
