import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../cli/processes';
import { appOutputs, appsDir } from './layout';
import { buildDecisionFor, inputsHash } from './stamp';

export interface EnsureAppsBuiltResult {
  built: boolean;
  ms: number;
}

/** Runs the build (main.ts) in its own process; its output is shown only when it fails. */
function runBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'infra', 'src', 'build', 'main.ts')], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`the app build failed (${signal ?? `exit ${code}`}):\n${output.slice(-4000)}`));
    });
  });
}

/**
 * Builds the app processes into `.build/apps/` when their inputs changed since the last build
 * (see stamp.ts), else does nothing: the check reads and hashes the sources here (a few
 * milliseconds); the build runs in a process of its own (see main.ts, which checks again under
 * a lock, so two starts build once).
 */
export async function ensureAppsBuilt(options: { onBuild?: (reason: string) => void } = {}): Promise<EnsureAppsBuiltResult> {
  const started = Date.now();
  const decision = buildDecisionFor(appsDir, appOutputs, inputsHash(repoRoot));
  if (!decision.rebuild) return { built: false, ms: Date.now() - started };
  options.onBuild?.(decision.reason);
  await runBuild();
  return { built: true, ms: Date.now() - started };
}
