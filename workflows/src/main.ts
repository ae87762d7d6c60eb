import { runProcess } from '@lianxin/platform';
import { runOrderWorker } from './running-worker';

/** The worker process: `tsx workflows/src/main.ts`. */
void runProcess('worker', async ({ config, log }) => {
  const running = await runOrderWorker(config, log);
  log.info({ taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace }, 'worker running');
  return running;
});
