import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Actor } from '@lianxin/contracts';
import { connectMongo, createKafka, resolveTopic, temporalDataConverter } from '@lianxin/platform';
import { sendOrderCommand, startOrder } from '@lianxin/order-client';
import { defaultOrderPolicy, policyCollection, type OrderPolicy } from '@lianxin/workflows';
import { startAppProcess } from '@lianxin/infra/src/cli/processes';
import { workerNodeFlags, workerTuning } from '@lianxin/workflows/src/worker-tuning';
import { describeExit } from '@lianxin/infra/src/servers/exit-status';
import { Client, Connection } from '@temporalio/client';
import { descendants } from './process-tree';
import { argument, benchDataDir, benchEnvironment, inParallel, listArgument, sampleIntake } from './support';

/**
 * `npm run bench:memory [-- --orders 50000 --at 1000,5000,10000,25000,50000 --settle-seconds 10
 * --replay-sample 1000 --concurrency 64]`: the worker's resident memory as open orders pile up.
 * The worker runs as its own process, as `npm start` runs it, under a stored policy whose limits
 * are 30 days (no order's clock falls due during the run). Orders are opened (`startOrder`, at
 * most `--concurrency` in flight) up to each checkpoint of `--at`; at each, once the worker has
 * opened them all (their `order.received` is on Kafka) and `--settle-seconds` have passed, the
 * RSS of the worker (with any children) from /proc and its peak (VmHWM). After the last
 * checkpoint one command (受理) to `--replay-sample` orders spread over the whole range, so
 * workflows evicted from the worker's cache are replayed, and the RSS after that. The orders are
 * terminated at the end. Figures only, never assertions.
 */

const agent: Actor = { id: 'agent-hotline-1', role: 'agent', organisationId: 'org-county' };
const day = 24 * 3_600_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Memory {
  rssMiB: number;
  hwmMiB: number;
  processes: number;
}

/** VmRSS and VmHWM of the worker process and its children, summed. */
function memoryOf(pid: number): Memory {
  let rss = 0;
  let hwm = 0;
  let processes = 0;
  for (const p of descendants(pid)) {
    let status: string;
    try {
      status = readFileSync(`/proc/${p}/status`, 'utf8');
    } catch {
      continue;
    }
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    rss += kb('VmRSS');
    hwm += kb('VmHWM');
    processes += 1;
  }
  return { rssMiB: rss / 1024, hwmMiB: hwm / 1024, processes };
}

/** The worker's cache and heap settings in effect (from this run's environment, as the worker reads them). */
function workerSettings(): string {
  const set = Object.entries(process.env)
    .filter(([name]) => /^LIANXIN_WORK(ER|FLOW)_/.test(name) || name === 'NODE_OPTIONS' || name === 'UV_THREADPOOL_SIZE')
    .map(([name, value]) => `${name}=${value}`);
  const { maxCachedWorkflows, maxConcurrentWorkflowTaskExecutions } = workerTuning();
  return `cache ${maxCachedWorkflows} orders, ${maxConcurrentWorkflowTaskExecutions} workflow tasks at once, node ${workerNodeFlags().join(' ')}${set.length > 0 ? `; set here: ${set.join(' ')}` : ''}`;
}

async function main(): Promise<void> {
  const orders = argument('orders', 50_000);
  const checkpoints = [...new Set([...listArgument('at', [1_000, 5_000, 10_000, 25_000, 50_000]).filter((n) => n < orders), orders])].sort((a, b) => a - b);
  const settleMs = argument('settle-seconds', 10) * 1000;
  const concurrency = argument('concurrency', 64);
  const replaySample = Math.min(argument('replay-sample', 1_000), orders);
  const idleMs = argument('idle-seconds', 120) * 1000;
  const { stack, config } = await benchEnvironment('mem');

  // A stored policy of long limits, so the orders stay open and no step falls due.
  const policy: OrderPolicy = {
    ...defaultOrderPolicy,
    limits: Object.fromEntries(
      Object.entries(defaultOrderPolicy.limits).map(([urgency, limits]) => [urgency, { ...limits, acceptWithinMs: 30 * day }]),
    ) as OrderPolicy['limits'],
  };
  const own = await connectMongo(config, 'workflows');
  await own.collection(policyCollection).replaceOne({ _id: 'current' as never }, policy, { upsert: true });
  await own.close();

  const worker = startAppProcess(
    'bench-worker',
    'workflows/src/main.ts',
    {
      ...process.env,
      TEMPORAL_ADDRESS: config.temporal.address,
      TEMPORAL_NAMESPACE: config.temporal.namespace,
      TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
      KAFKA_BROKERS: config.kafka.brokers.join(','),
      KAFKA_TOPIC_PREFIX: config.kafka.topicPrefix,
      MONGO_URL: config.mongo.url,
      MONGO_DB_PREFIX: config.mongo.dbPrefix,
      CADRES_URL: config.cadresUrl,
      LOG_LEVEL: 'warn',
    },
    path.join(benchDataDir(), 'logs'),
    workerNodeFlags(), // the heap cap npm start gives the worker
  );
  const pid = worker.child.pid!;
  let workerGone: string | undefined;
  void worker.exited.then((status) => {
    workerGone = describeExit(status);
  });
  const alive = () => {
    if (workerGone) throw new Error(`the worker exited (${workerGone}); see ${worker.logFile}`);
  };

  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: temporalDataConverter() });
  const run = `MEM-${Date.now().toString(36)}`;
  const ids = Array.from({ length: orders }, (_, i) => `${run}-${i}`);
  let opened = 0;
  const consumer = createKafka(config, 'bench-reader').consumer({ groupId: `bench-${randomUUID()}` });
  try {
    // Until the worker polls the order task queue (it bundles the workflows first).
    const started = Date.now();
    for (;;) {
      alive();
      const described = await connection.workflowService.describeTaskQueue({
        namespace: config.temporal.namespace,
        taskQueue: { name: config.temporal.taskQueue },
        taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
      });
      if ((described.pollers ?? []).length > 0) break;
      if (Date.now() - started > 180_000) throw new Error(`the worker did not poll within 3 minutes; see ${worker.logFile}`);
      await sleep(500);
    }
    console.log(`worker pid ${pid} polling after ${((Date.now() - started) / 1000).toFixed(1)} s; ${workerSettings()}`);

    // The worker has opened an order once its `order.received` is on the topic.
    const received = new Set<string>();
    await consumer.connect();
    await consumer.subscribe({ topic: resolveTopic(config, 'orderEvents'), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const key = message.key?.toString();
        if (!key?.startsWith(run) || !message.value) return;
        // Cheap: the type is near the envelope's start; parse only the candidates.
        const value = message.value.toString();
        if (!value.includes('"order.received"')) return;
        try {
          if ((JSON.parse(value) as { type?: string }).type === 'order.received') received.add(key);
        } catch {
          // not an event of ours
        }
      },
    });

    const rows: string[] = [];
    const row = (label: string, memory: Memory, rate: string) =>
      `  ${label.padEnd(24)} ${memory.rssMiB.toFixed(0).padStart(8)} ${memory.hwmMiB.toFixed(0).padStart(8)}   ${rate}`;
    const header = `  ${'open orders'.padEnd(24)} ${'RSS MiB'.padStart(8)} ${'peak MiB'.padStart(8)}   opening rate (starts/s · opened by the worker/s)`;
    await sleep(settleMs);
    alive();
    rows.push(row('0 (worker idle)', memoryOf(pid), '—'));
    console.log(`\n${header}\n${rows[0]}`);

    for (const checkpoint of checkpoints) {
      const chunk = ids.slice(opened, checkpoint);
      opened = checkpoint; // terminated at the end, started or not
      const begun = Date.now();
      await inParallel(chunk, concurrency, async (orderId) => {
        await startOrder(client, { taskQueue: config.temporal.taskQueue, orderId, intake: sampleIntake, openedBy: agent });
      });
      const startSeconds = (Date.now() - begun) / 1000;
      // Until the worker has opened them all, or nothing has moved for --idle-seconds.
      let last = received.size;
      let lastProgress = Date.now();
      while (received.size < opened) {
        alive();
        await sleep(500);
        if (received.size !== last) {
          last = received.size;
          lastProgress = Date.now();
        } else if (Date.now() - lastProgress > idleMs) break;
      }
      const openedSeconds = (Date.now() - begun) / 1000;
      await sleep(settleMs);
      alive();
      const label = received.size < opened ? `${checkpoint} (${received.size} opened)` : String(checkpoint);
      rows.push(row(label, memoryOf(pid), `${(chunk.length / startSeconds).toFixed(1)} · ${(chunk.length / openedSeconds).toFixed(1)}`));
      console.log(rows[rows.length - 1]);
    }

    // One command to old orders spread over the whole range: those evicted from the cache replay.
    const step = orders / replaySample;
    const sample = Array.from({ length: replaySample }, (_, i) => ids[Math.floor(i * step)]!);
    let errors = 0;
    const begun = Date.now();
    await inParallel(sample, concurrency, async (orderId) => {
      try {
        await sendOrderCommand(client, orderId, { type: 'accept' }, agent);
      } catch (error) {
        errors += 1;
        if (errors <= 3) console.error(`  accept ${orderId} failed: ${String(error)}`);
      }
    });
    const commandSeconds = (Date.now() - begun) / 1000;
    await sleep(settleMs);
    alive();
    rows.push(row(`${orders} + ${replaySample} accepts`, memoryOf(pid), `${(replaySample / commandSeconds).toFixed(1)} accepts/s (${errors} errors)`));
    console.log(rows[rows.length - 1]);

    console.log(`\nworker RSS (VmRSS, its process and children; peak = VmHWM) by open orders, settled ${settleMs / 1000} s at each checkpoint, concurrency ${concurrency}:`);
    console.log(header);
    for (const line of rows) console.log(line);
    console.log(`worker settings: ${workerSettings()}`);
  } finally {
    await consumer.disconnect().catch(() => undefined);
    if (opened > 0) {
      console.log(`terminating ${opened} bench orders …`);
      await inParallel(ids.slice(0, opened), concurrency, async (id) => {
        await client.workflow.getHandle(id).terminate('bench finished').catch(() => undefined);
      });
    }
    await connection.close();
    await worker.stop();
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
