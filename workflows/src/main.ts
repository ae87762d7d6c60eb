import { Closer, connectMongo, connectProducer, createKafka, ensureTopics, resolveTopic, runProcess } from '@lianxin/platform';
import { policyFromDatabase } from './order/policy-store';
import { routingFromCadres } from './order/routing-client';
import { createOrderWorker } from './worker';

/** The worker process: `tsx workflows/src/main.ts`. */
void runProcess('worker', async ({ config, log }) => {
  const closer = new Closer();
  const kafka = createKafka(config, 'lianxin-worker');
  await ensureTopics(kafka, config, ['orderEvents']);
  const producer = await connectProducer(kafka);
  closer.add(() => producer.disconnect());
  const own = await connectMongo(config, 'workflows');
  closer.add(() => own.close());
  const { worker, connection } = await createOrderWorker({
    temporalAddress: config.temporal.address,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    producer,
    orderEventsTopic: resolveTopic(config, 'orderEvents'),
    routeOrder: routingFromCadres(config.cadresUrl),
    policy: policyFromDatabase(own),
    log,
  });
  closer.add(() => connection.close());
  const running = worker.run();
  log.info({ taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace }, 'worker running');
  return {
    close: async () => {
      worker.shutdown();
      await running;
      await closer.close();
    },
  };
});
