import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { buildDecisionFor, buildInputs, decideBuild, inputsHash, stampName } from '../src/build/stamp';
import { packageName, workspacePlugin } from '../src/build/workspace-plugin';
import { nodeArguments, repoRoot } from '../src/cli/processes';

/** The app build's rebuild-or-reuse decision and its inputs, on a small repository of its own. */

const hash = 'a'.repeat(64);

describe('decideBuild', () => {
  it('builds when there is no build yet', () => {
    expect(decideBuild(hash, undefined, [])).toEqual({ rebuild: true, reason: 'no build yet' });
  });

  it('builds again when the inputs changed since the stamp was written', () => {
    expect(decideBuild(hash, `${'b'.repeat(64)}\n`, [])).toEqual({ rebuild: true, reason: 'sources changed' });
  });

  it('reuses a build whose stamp holds the hash and whose outputs are all there', () => {
    expect(decideBuild(hash, `${hash}\n`, [])).toEqual({ rebuild: false });
  });

  it('builds again when an output went missing, naming it', () => {
    expect(decideBuild(hash, hash, ['worker.js', 'order-workflows.js'])).toEqual({ rebuild: true, reason: 'worker.js, order-workflows.js missing' });
  });
});

describe('build inputs', () => {
  let root: string;
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'lianxin-build-test-'));
    write('package-lock.json', '{}');
    write('packages/contracts/src/index.ts', 'export const a = 1;');
    write('services/cadres/src/main.ts', 'import "@lianxin/contracts";');
    write('workflows/src/workflows.ts', 'export {};');
    write('infra/src/cli/start.ts', 'export {};');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('are the TypeScript sources and manifests of every workspace and the lockfile, nothing else', () => {
    write('packages/contracts/package.json', '{}');
    write('services/cadres/test/main.test.ts', 'test');
    write('services/console/web/src/app.tsx', 'x');
    write('packages/contracts/src/node_modules/x/index.ts', 'x');
    write('packages/contracts/src/notes.md', 'x');
    expect(buildInputs(root).map((file) => path.relative(root, file))).toEqual([
      'infra/src/cli/start.ts',
      'package-lock.json',
      'packages/contracts/package.json',
      'packages/contracts/src/index.ts',
      'services/cadres/src/main.ts',
      'workflows/src/workflows.ts',
    ]);
  });

  it('hash differently when a source or the lockfile changes, alike when only a test does', () => {
    const before = inputsHash(root);
    write('services/cadres/test/main.test.ts', 'changed');
    expect(inputsHash(root)).toBe(before);
    write('packages/contracts/src/index.ts', 'export const a = 2;');
    const afterSource = inputsHash(root);
    expect(afterSource).not.toBe(before);
    write('package-lock.json', '{"lockfileVersion":3}');
    const afterLockfile = inputsHash(root);
    expect(afterLockfile).not.toBe(afterSource);
    write('packages/contracts/package.json', '{"sideEffects":false}');
    expect(inputsHash(root)).not.toBe(afterLockfile);
  });

  it('decide from the stamp and the outputs in the output folder', () => {
    const out = path.join(root, '.build', 'apps');
    const current = inputsHash(root);
    expect(buildDecisionFor(out, ['worker.js'], current)).toEqual({ rebuild: true, reason: 'no build yet' });
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, stampName), `${current}\n`);
    expect(buildDecisionFor(out, ['worker.js'], current)).toEqual({ rebuild: true, reason: 'worker.js missing' });
    writeFileSync(path.join(out, 'worker.js'), '');
    expect(buildDecisionFor(out, ['worker.js'], current)).toEqual({ rebuild: false });
    write('workflows/src/workflows.ts', 'export const changed = true;');
    expect(buildDecisionFor(out, ['worker.js'], inputsHash(root))).toEqual({ rebuild: true, reason: 'sources changed' });
  });
});

describe('running an app entry', () => {
  it('runs a TypeScript entry through tsx and a built one with its source maps', () => {
    expect(nodeArguments('workflows/src/main.ts')).toEqual(['--import', 'tsx', path.join(repoRoot, 'workflows/src/main.ts')]);
    const built = nodeArguments('.build/apps/worker.js');
    expect(built[0]).toBe('--enable-source-maps');
    expect(built.at(-1)).toBe(path.join(repoRoot, '.build/apps/worker.js'));
  });
});

describe('workspacePlugin', () => {
  let root: string;
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  const bundle = (entry: string) => {
    const outDir = path.join(root, '.build', 'apps');
    return build({
      entryPoints: [path.join(root, entry)],
      outdir: outDir,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'silent',
      plugins: [workspacePlugin({ repoRoot: root, outDir })],
    });
  };

  beforeEach(() => (root = mkdtempSync(path.join(os.tmpdir(), 'lianxin-plugin-test-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("keeps each source module's __dirname its own folder in the bundle", async () => {
    write('packages/a/src/where.ts', 'export const where = __dirname;');
    write('services/b/src/main.ts', "import { where } from '../../../packages/a/src/where';\nconsole.log(JSON.stringify({ where, here: __dirname }));");
    await bundle('services/b/src/main.ts');
    const printed = JSON.parse(execFileSync(process.execPath, [path.join(root, '.build', 'apps', 'main.js')], { encoding: 'utf8' })) as { where: string; here: string };
    expect(printed).toEqual({ where: path.join(root, 'packages/a/src'), here: path.join(root, 'services/b/src') });
  });

  it('fails the build on a package that is not installed, rather than at run time', async () => {
    write('services/b/src/main.ts', "import 'no-such-package-here';");
    await expect(bundle('services/b/src/main.ts')).rejects.toThrow(/no-such-package-here is not installed/);
  });
});

describe('packageName', () => {
  it('is the package a bare import names, scoped or not', () => {
    expect(packageName('@temporalio/worker')).toBe('@temporalio/worker');
    expect(packageName('@opentelemetry/sdk-node/build/src')).toBe('@opentelemetry/sdk-node');
    expect(packageName('express')).toBe('express');
    expect(packageName('zod/v4')).toBe('zod');
  });
});
