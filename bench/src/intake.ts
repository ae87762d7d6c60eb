import path from 'node:path';
import { tokenFor } from '@lianxin/e2e/src/tokens';
import { startAppProcess } from '@lianxin/infra/src/cli/processes';
import { workerNodeFlags } from '@lianxin/workflows/src/worker-tuning';
import { startResidents } from '@lianxin/residents';
import { createLogger } from '@lianxin/platform';
import { argument, benchEnvironment, percentile, sampleIntake } from './support';

/**
 * `npm run bench:intake [-- --rate 20 --seconds 30 --bursts 50,100,200,400]`: 点单 through the
 * residents service as a call centre drives it (signed in as `agent-hotline-1`), each answer
 * once the order's workflow is durably started.
 * 1. Steady: `--rate` requests a second for `--seconds`, open loop (sent on schedule whether or
 *    not earlier ones have answered): p50 / p90 / p99 / max latency and errors — beside the bare
 *    rate of the same service in the same run (`GET /healthz` at the same rate).
 * 2. Bursts: for each rate, that many requests spread over one second; the highest rate served
 *    with no error, and its latencies.
 * The worker runs as its own process, as `npm start` runs it, so the service's latency is not
 * the worker's CPU in the same event loop. Figures only, never assertions.
 */
interface Sample {
  ms: number;
  ok: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `count` requests evenly over `seconds`, not waiting for answers before the next is due. */
async function openLoop(count: number, seconds: number, send: () => Promise<boolean>): Promise<Sample[]> {
  const start = performance.now();
  const interval = (seconds * 1000) / count;
  const pending: Promise<Sample>[] = [];
  for (let i = 0; i < count; i += 1) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const sent = performance.now();
    pending.push(send().then((ok) => ({ ms: performance.now() - sent, ok }), () => ({ ms: performance.now() - sent, ok: false })));
  }
  return Promise.all(pending);
}

function summary(samples: Sample[]): string {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const errors = samples.filter((s) => !s.ok).length;
  const f = (v: number) => v.toFixed(1).padStart(7);
  return `n=${String(samples.length).padStart(5)}  p50 ${f(percentile(ms, 50))} ms  p90 ${f(percentile(ms, 90))} ms  p99 ${f(percentile(ms, 99))} ms  max ${f(ms[ms.length - 1] ?? Number.NaN)} ms  errors ${errors}`;
}

/** Until the residents service is ready, which includes a worker polling the order task queue. */
async function waitForWorker(url: string): Promise<void> {
  for (let i = 0; i < 240; i += 1) {
    if ((await fetch(`${url}/readyz`)).ok) return;
    await sleep(500);
  }
  throw new Error('the worker did not start polling within 2 minutes (see .data/bench/logs/bench-worker.log)');
}

async function main(): Promise<void> {
  const rate = argument('rate', 20);
  const seconds = argument('seconds', 30);
  const bursts = (process.argv.includes('--bursts') ? process.argv[process.argv.indexOf('--bursts') + 1]! : '50,100,200,400').split(',').map(Number);
  const { stack, config } = await benchEnvironment('intake');
  const log = createLogger('bench-intake', 'warn');
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
    path.resolve(__dirname, '../../.data/bench/logs'),
    workerNodeFlags(), // as npm start runs it
  );
  const residents = await startResidents({ config, log }, 0);
  await waitForWorker(residents.url);
  try {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor('agent-hotline-1')}` };
    let n = 0;
    const intake = async () => {
      n += 1;
      const response = await fetch(`${residents.url}/api/v1/orders`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ ...sampleIntake, title: `${sampleIntake.title} #${n}` }),
      });
      await response.arrayBuffer();
      return response.status === 201;
    };
    const health = async () => {
      const response = await fetch(`${residents.url}/healthz`);
      await response.arrayBuffer();
      return response.ok;
    };

    await openLoop(20, 2, intake); // warm-up: connections, JIT, the workflow bundle's first tasks
    console.log(`intake through the residents service, signed in, ${rate}/s for ${seconds} s (open loop):`);
    console.log(`  POST /api/v1/orders  ${summary(await openLoop(rate * seconds, seconds, intake))}`);
    console.log(`  GET /healthz (bare)  ${summary(await openLoop(rate * seconds, seconds, health))}`);

    console.log('bursts (each rate spread over one second):');
    let best: { rate: number; line: string } | undefined;
    for (const burst of bursts) {
      await sleep(3_000); // let the previous burst's workflows settle
      const samples = await openLoop(burst, 1, intake);
      const line = summary(samples);
      console.log(`  ${String(burst).padStart(4)}/s  ${line}`);
      if (samples.every((s) => s.ok)) best = { rate: burst, line };
    }
    console.log(best ? `highest burst served with no error: ${best.rate}/s` : 'every burst had errors');
  } finally {
    await residents.close();
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
