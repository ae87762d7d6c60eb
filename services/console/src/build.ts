import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The console's folder (package.json, web/, dist/). */
export const consoleDir = path.resolve(__dirname, '..');
const repoRoot = path.resolve(consoleDir, '../..');
const webDir = path.join(consoleDir, 'web');
const distDir = path.join(consoleDir, 'dist');
/** The hash of the inputs the build in dist/ was made from (written after a build succeeds). */
const stampFile = path.join(distDir, '.build-hash');

/** Files under these folders are not inputs of the build. */
const skipped = new Set(['node_modules', 'dist', '.turbo']);

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skipped.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/**
 * A hash over what the build depends on: every file of web/ (sources, index.html, vite and
 * TypeScript config), the console's package.json and the lockfile (dependency versions).
 */
export function consoleSourceHash(): string {
  const hash = createHash('sha256');
  const inputs = [...listFiles(webDir), path.join(consoleDir, 'package.json'), path.join(repoRoot, 'package-lock.json')].filter((f) => existsSync(f)).sort();
  for (const file of inputs) {
    hash.update(path.relative(repoRoot, file).split(path.sep).join('/'));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Whether dist/ holds a build of the current sources. */
export function consoleBuildIsCurrent(hash = consoleSourceHash()): boolean {
  if (!existsSync(path.join(distDir, 'index.html')) || !existsSync(stampFile)) return false;
  return readFileSync(stampFile, 'utf8').trim() === hash;
}

const lockDir = path.join(os.tmpdir(), `lianxin-console-build-${createHash('sha1').update(consoleDir).digest('hex').slice(0, 12)}.lock`);
/** A lock older than this is left over from a build that died. */
const staleLockMs = 10 * 60_000;

/** One build at a time (npm start and npm test may both ask): a lock directory, waited for. */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
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

function viteBin(): string {
  const packageJson = require.resolve('vite/package.json', { paths: [consoleDir] });
  const { bin } = JSON.parse(readFileSync(packageJson, 'utf8')) as { bin: string | Record<string, string> };
  return path.join(path.dirname(packageJson), typeof bin === 'string' ? bin : bin.vite!);
}

/** Runs `vite build` in its own process (its output kept, shown when it fails). */
function runViteBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [viteBin(), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
      cwd: consoleDir,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`console build failed (${signal ?? `exit ${code}`}):\n${output.slice(-4000)}`));
    });
  });
}

export interface EnsureBuiltResult {
  built: boolean;
  hash: string;
  ms: number;
}

/**
 * Builds the browser app into dist/ when its sources (or the lockfile) changed since the last
 * build, else does nothing; the hash of what was built is kept in dist/.build-hash.
 */
export async function ensureConsoleBuilt(options: { onBuild?: () => void } = {}): Promise<EnsureBuiltResult> {
  const started = Date.now();
  const hash = consoleSourceHash();
  if (consoleBuildIsCurrent(hash)) return { built: false, hash, ms: Date.now() - started };
  return withBuildLock(async () => {
    // Another process may have built it while this one waited.
    const current = consoleSourceHash();
    if (consoleBuildIsCurrent(current)) return { built: false, hash: current, ms: Date.now() - started };
    options.onBuild?.();
    await runViteBuild();
    mkdirSync(distDir, { recursive: true });
    writeFileSync(stampFile, `${current}\n`);
    return { built: true, hash: current, ms: Date.now() - started };
  });
}
