import path from 'node:path';
import { repoRoot } from '../cli/processes';

/** The project's own processes `npm start` runs: name → entry module, relative to the repository root. */
export const appEntries = {
  worker: 'workflows/src/main.ts',
  sinks: 'infra/src/sinks/main.ts',
  identity: 'services/identity/src/main.ts',
  cadres: 'services/cadres/src/main.ts',
  residents: 'services/residents/src/main.ts',
  notifications: 'services/notifications/src/main.ts',
  console: 'services/console/src/main.ts',
} as const;

export type AppName = keyof typeof appEntries;
export const appNames = Object.keys(appEntries) as AppName[];

/** Where the built processes live: `<repo>/.build/apps/<name>.js` (+ `.js.map`), and the workflow bundle. */
export const appsDir = path.join(repoRoot, '.build', 'apps');
/** The worker's workflow code, bundled ahead. */
export const workflowBundleName = 'order-workflows.js';
/** The variable naming the workflow bundle to the worker process (`workflowBundleVariable` of workflows/src/worker.ts). */
export const workflowBundleVariable = 'LIANXIN_WORKFLOW_BUNDLE';
/** Every file a complete build leaves in `appsDir`. */
export const appOutputs: readonly string[] = [...appNames.flatMap((name) => [`${name}.js`, `${name}.js.map`]), workflowBundleName];

/** The built entry of `name`, relative to the repository root (as `startAppProcess` takes it). */
export function builtEntry(name: AppName): string {
  return path.relative(repoRoot, path.join(appsDir, `${name}.js`));
}
