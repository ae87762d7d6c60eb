import path from 'node:path';
import { build, formatMessages, stop } from 'esbuild';
import { repoRoot } from '../cli/processes';
import { appEntries, appNames } from './layout';
import { workspacePlugin } from './workspace-plugin';

/**
 * Builds every app process into `outDir` with esbuild, one self-contained bundle per entry
 * (`<name>.js`, source map beside it, for `node --enable-source-maps`): the workspace's
 * `@lianxin/*` packages inside, third-party packages left to `node_modules` (see
 * workspace-plugin.ts). CommonJS for Node 20, as tsx runs the sources; names kept (errors and
 * classes are told apart by name in places). A warning fails the build: it would mean something
 * that works from source (a `require.resolve` of a source file, say) may not from the bundle.
 */
export async function buildApps(outDir: string): Promise<void> {
  try {
    const result = await build({
      absWorkingDir: repoRoot,
      entryPoints: Object.fromEntries(appNames.map((name) => [name, path.join(repoRoot, appEntries[name])])),
      outdir: outDir,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: true,
      // Stack traces need the mappings only; the sources are in the repository.
      sourcesContent: false,
      keepNames: true,
      plugins: [workspacePlugin({ repoRoot, outDir })],
      logLevel: 'silent',
    });
    if (result.warnings.length > 0) {
      const text = await formatMessages(result.warnings, { kind: 'warning' });
      throw new Error(`the app build has warnings:\n${text.join('\n')}`);
    }
  } finally {
    // esbuild's service process would otherwise stay for as long as the supervisor runs (12 MiB).
    await stop();
  }
}
