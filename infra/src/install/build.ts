import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

export type Log = (message: string) => void;

/** Runs a command; rejects with its tail of output when it fails. */
export function exec(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', (error) => reject(error));
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${output.split('\n').slice(-30).join('\n')}`)),
    );
  });
}

/** Fails with one clear message when a tool the build needs is missing. */
export async function requireTool(tool: string, versionArgs: string[], hint: string): Promise<void> {
  try {
    await exec(tool, versionArgs);
  } catch {
    throw new Error(`缺少 ${tool}: ${hint}`);
  }
}

/**
 * Builds into a temporary folder beside `target` and renames it into place, so an interrupted
 * build never leaves a half-built cache. Does nothing when `target/marker` already exists.
 */
export async function buildOnce(target: string, marker: string, build: (dir: string) => Promise<void>): Promise<string> {
  const done = path.join(target, marker);
  if (existsSync(done)) return done;
  const staging = `${target}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    await build(staging);
    if (!existsSync(path.join(staging, marker))) throw new Error(`build of ${target} produced no ${marker}`);
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return done;
}
