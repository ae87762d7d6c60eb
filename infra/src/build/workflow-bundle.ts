import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '../cli/processes';

/**
 * Bundles the worker's workflow code with `bundleWorkflowCode` (webpack, as the worker would at
 * start without a prebuilt bundle) into `outFile`, the source map inline. The bundler options
 * (entry, preloaded modules) are the workflows package's own (`workflowBundlerOptions()`), and the
 * SDK is the one it runs with, so the bundle is the one the worker would have made. Loaded here,
 * in the build's own process only: infra does not otherwise depend on the worker.
 */
export async function buildWorkflowBundle(outFile: string): Promise<void> {
  const fromWorkflows = createRequire(path.join(repoRoot, 'workflows', 'package.json'));
  const sdk = fromWorkflows('@temporalio/worker') as typeof import('@temporalio/worker');
  const { workflowBundlerOptions } = fromWorkflows('@lianxin/workflows') as typeof import('@lianxin/workflows');
  const quiet = () => undefined;
  const { code } = await sdk.bundleWorkflowCode({
    ...workflowBundlerOptions(),
    logger: { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: (message) => console.warn(`[build] ${message}`), error: (message) => console.error(`[build] ${message}`) },
  });
  await writeFile(outFile, code);
}
