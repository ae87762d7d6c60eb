import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Folders (relative to the repository root; `*` one level of any name) whose TypeScript files the app builds are made from. */
export const inputRoots = ['packages/*/src', 'services/*/src', 'workflows/src', 'infra/src'];
/** Single files the builds also depend on: dependency versions, the server versions infra imports. */
export const inputFiles = ['package-lock.json', 'infra/versions.json'];

/** Name of the file, in the output folder, holding the hash of the inputs the build there was made from. */
export const stampName = '.build-hash';

/** The folders `pattern` names, relative to `dir` (a `*` segment: every folder there). */
function expand(dir: string, pattern: string): string[] {
  const [first, ...rest] = pattern.split('/').filter(Boolean);
  if (first === undefined) return [dir];
  if (first !== '*') return expand(path.join(dir, first), rest.join('/'));
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules')
    .flatMap((entry) => expand(path.join(dir, entry.name), rest.join('/')));
}

function typeScriptFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : typeScriptFiles(full);
    return entry.isFile() && entry.name.endsWith('.ts') ? [full] : [];
  });
}

/**
 * Every input of the build, sorted: the `*.ts` files under `inputRoots`, the `package.json` of
 * each of those workspaces (its `sideEffects` tells the bundler what it may leave out) and the
 * `inputFiles`.
 */
export function buildInputs(repoRoot: string): string[] {
  const roots = inputRoots.flatMap((pattern) => expand(repoRoot, pattern));
  const sources = roots.flatMap(typeScriptFiles);
  const manifests = roots.map((root) => path.join(path.dirname(root), 'package.json'));
  const files = [...manifests, ...inputFiles.map((file) => path.join(repoRoot, file))].filter((file) => existsSync(file));
  return [...sources, ...files].sort();
}

/** A hash over the inputs' paths (relative, `/`-separated) and contents. */
export function inputsHash(repoRoot: string, inputs = buildInputs(repoRoot)): string {
  const hash = createHash('sha256');
  for (const file of inputs) {
    hash.update(path.relative(repoRoot, file).split(path.sep).join('/'));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export type BuildDecision = { rebuild: false } | { rebuild: true; reason: string };

/**
 * Whether the build in the output folder can be used: it can when its stamp holds `hash` and none
 * of its outputs is missing. `stamp` is the stamp file's text (undefined when there is none).
 */
export function decideBuild(hash: string, stamp: string | undefined, missingOutputs: readonly string[]): BuildDecision {
  if (stamp === undefined) return { rebuild: true, reason: 'no build yet' };
  if (stamp.trim() !== hash) return { rebuild: true, reason: 'sources changed' };
  if (missingOutputs.length > 0) return { rebuild: true, reason: `${missingOutputs.join(', ')} missing` };
  return { rebuild: false };
}

/** The decision for the build in `outDir`, expected to hold `outputs` (file names). */
export function buildDecisionFor(outDir: string, outputs: readonly string[], hash: string): BuildDecision {
  const stampFile = path.join(outDir, stampName);
  const stamp = existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : undefined;
  return decideBuild(hash, stamp, outputs.filter((name) => !existsSync(path.join(outDir, name))));
}
