import { runProcess } from '@lianxin/platform';
import { runOrderWorker } from './running-worker';
import { prebuiltWorkflowBundle } from './worker';

/**
 * The worker process: `node --import tsx workflows/src/main.ts`, or built (`.build/apps/worker.js`,
 * see infra/src/build/) with its workflow bundle built ahead and named by `LIANXIN_WORKFLOW_BUNDLE`.
 */
void runProcess('worker', async ({ config, log }) => {
  const running = await runOrderWorker(config, log, prebuiltWorkflowBundle());
  log.info({ taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace }, 'worker running');
  return running;
});
