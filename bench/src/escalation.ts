import { randomUUID } from 'node:crypto';
import { type Actor } from '@lianxin/contracts';
import { createKafka, createLogger, resolveTopic, temporalDataConverter, type PlatformConfig } from '@lianxin/platform';
import { startOrder } from '@lianxin/order-client';
import { defaultOrderPolicy, type OrderPolicy } from '@lianxin/workflows';
import { startWorker } from '@lianxin/e2e';
import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { Consumer } from 'kafkajs';
import { argument, benchEnvironment, flag, inParallel, listArgument, percentile, sampleIntake, textArgument } from './support';

/**
 * `npm run bench:escalation [-- --mode steady|burst …]`: how late each escalation step (预警,
 * 超期, 催办, 督办, 挂牌督办) reaches Kafka against its scheduled instant: the Kafka record's
 * timestamp − the event's `details.scheduledAt`. The worker runs in this process with a policy of
 * the bench's own. Figures only, never assertions.
 *
 * `--mode steady` (the default) `[--open-orders 10000 --step-rates 20,40,80,160 --seconds 120
 *   --limit-seconds 20 --idle-seconds 120 --goal-ms 1000 --keep-going]`:
 *   1. the bare rate of this run: `--empty-workflows` (500) empty workflows executed;
 *   2. `--open-orders` background orders (urgency `general`, acceptance limit of
 *      `--background-hours`, 24): they stay open, none of their steps falls due during the run;
 *   3. per stage, for each rate of `--step-rates`: orders (urgency `emergency`, acceptance limit
 *      `--limit-seconds`) opened at an even rate for `--seconds`, each with its five steps at
 *      0.75, 1, 1.25, 1.5 and 1.75 × the limit after opening, so steps fall due at that many a
 *      second; lateness of the steps of that stage's orders only, the drain included (until every
 *      step has arrived, or nothing has for `--idle-seconds` after the last was due); the stage's
 *      orders are terminated before the next stage. A stage whose p99 misses `--goal-ms` (or that
 *      lost steps) ends the run unless `--keep-going`. Then the highest rate that met the goal.
 * `--mode burst` `[--orders 10000 --limit-seconds 120]`: N orders all with the same short
 *   acceptance limit, opened as fast as they go: every step of them falls due at about once.
 */

const ladder = ['order.warning', 'order.overdue', 'order.reminded', 'order.supervised', 'order.escalated'] as const;
const ladderSet = new Set<string>(ladder);
const agent: Actor = { id: 'bench-agent', role: 'agent', name: '压测话务员' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the order-event topic said about one group of orders (ids `<group>-<n>`). */
interface Group {
  /** Lateness of each ladder step (ms), by step and all together. */
  byStep: Map<string, number[]>;
  all: number[];
  /** Scheduled instants of the steps (epoch ms). */
  scheduled: number[];
  /** Kafka time of each order's `order.received`: when the worker had opened it. */
  received: Map<string, number>;
}

/**
 * Reads the run's order-event topic from the beginning, grouping by order id prefix. Parses the
 * structured CloudEvent's JSON only (no schema validation): the reader shares the worker's process.
 */
class StepReader {
  private readonly groups = new Map<string, Group>();
  private readonly seen = new Set<string>();
  private constructor(private readonly consumer: Consumer) {}

  static async start(config: PlatformConfig): Promise<StepReader> {
    const consumer = createKafka(config, 'bench-reader').consumer({ groupId: `bench-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: resolveTopic(config, 'orderEvents'), fromBeginning: true });
    const reader = new StepReader(consumer);
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (!message.value || !message.key) return;
        const orderId = message.key.toString();
        const cut = orderId.lastIndexOf('-');
        if (cut < 0) return;
        let event: { id: string; type: string; data?: { details?: Record<string, unknown> } };
        try {
          event = JSON.parse(message.value.toString()) as typeof event;
        } catch {
          return; // not an event of ours
        }
        const group = reader.group(orderId.slice(0, cut));
        const at = Number(message.timestamp);
        if (event.type === 'order.received') {
          if (!group.received.has(orderId)) group.received.set(orderId, at);
          return;
        }
        if (!ladderSet.has(event.type) || reader.seen.has(event.id)) return;
        const details = event.data?.details ?? {};
        if (details['clock'] !== 'accept') return; // the acceptance clock's ladder only
        reader.seen.add(event.id);
        const scheduledAt = Date.parse(String(details['scheduledAt']));
        const late = at - scheduledAt;
        group.all.push(late);
        group.scheduled.push(scheduledAt);
        const ofStep = group.byStep.get(event.type) ?? [];
        ofStep.push(late);
        group.byStep.set(event.type, ofStep);
      },
    });
    return reader;
  }

  group(name: string): Group {
    let group = this.groups.get(name);
    if (!group) {
      group = { byStep: new Map(), all: [], scheduled: [], received: new Map() };
      this.groups.set(name, group);
    }
    return group;
  }

  async close(): Promise<void> {
    await this.consumer.disconnect();
  }
}

function sortedCopy(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

function latenessLine(name: string, values: number[]): string {
  const s = sortedCopy(values);
  return `${name.padEnd(18)} n=${String(s.length).padStart(6)}  p50=${percentile(s, 50)} ms  p99=${percentile(s, 99)} ms  max=${s[s.length - 1]} ms`;
}

/**
 * Waits until `count()` reaches `expected`, however late; gives up only when nothing has arrived
 * for `idleMs` after `lastDue`. Prints progress every `everyMs`. Resolves to the time of the last
 * progress (or now, when complete).
 */
async function drain(count: () => number, expected: number, lastDue: () => number, idleMs: number, label: string, everyMs = 5_000): Promise<number> {
  let lastCount = count();
  let lastProgress = Date.now();
  let lastPrint = Date.now();
  while (count() < expected) {
    await sleep(500);
    const now = Date.now();
    if (count() !== lastCount) {
      lastCount = count();
      lastProgress = now;
    } else if (now > lastDue() && now - lastProgress > idleMs) return lastProgress;
    if (now - lastPrint >= everyMs) {
      lastPrint = now;
      console.log(`  ${label}: ${count()}/${expected}`);
    }
  }
  return Date.now();
}

async function terminateAll(client: Client, ids: string[], concurrency: number): Promise<void> {
  await inParallel(ids, concurrency, async (id) => {
    await client.workflow.getHandle(id).terminate('bench finished').catch(() => undefined);
  });
}

async function connectClient(config: PlatformConfig): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({ address: config.temporal.address });
  return { connection, client: new Client({ connection, namespace: config.temporal.namespace, dataConverter: temporalDataConverter() }) };
}

/** Today's bench: N orders with the same short limit, so all their steps fall due at about once. */
async function burst(): Promise<void> {
  const orders = argument('orders', 10_000);
  const limitSeconds = argument('limit-seconds', 120);
  const concurrency = argument('concurrency', 64);
  const { stack, config } = await benchEnvironment('esc');
  const limitMs = limitSeconds * 1000;
  const policy: OrderPolicy = {
    ...defaultOrderPolicy,
    limits: Object.fromEntries(
      Object.entries(defaultOrderPolicy.limits).map(([urgency, limits]) => [urgency, { ...limits, acceptWithinMs: limitMs }]),
    ) as OrderPolicy['limits'],
    escalation: { warnAtFraction: 0.75, remindAfterMs: 5_000, superviseAfterMs: 10_000, escalateAfterMs: 15_000, reassignOnEscalate: false },
  };
  const worker = await startWorker(config, { policy: async () => policy });
  const expected = orders * ladder.length;
  const reader = await StepReader.start(config);
  const { client, connection } = await connectClient(config);
  const started = Date.now();
  const prefix = `BENCH-${started.toString(36)}`;
  const ids = Array.from({ length: orders }, (_, i) => `${prefix}-${i}`);
  await inParallel(ids, concurrency, async (orderId) => {
    await startOrder(client, { taskQueue: config.temporal.taskQueue, orderId, intake: sampleIntake, openedBy: agent });
  });
  const startSeconds = (Date.now() - started) / 1000;
  console.log(`started ${orders} orders in ${startSeconds.toFixed(1)} s (${(orders / startSeconds).toFixed(0)}/s); waiting for ${expected} escalation events …`);
  // Wait for every step, however late: the figure must include the latest ones. Give up only
  // when nothing has arrived for `--idle-seconds` after the last step was due.
  const idleMs = argument('idle-seconds', 120) * 1000;
  const lastDue = started + startSeconds * 1000 + limitMs + 15_000;
  const group = reader.group(prefix);
  await drain(() => group.all.length, expected, () => lastDue, idleMs, 'escalation events');
  const drainSeconds = (Date.now() - lastDue) / 1000;

  console.log(`\nescalation lateness, burst (Kafka append time − scheduled instant), ${orders} orders, limit ${limitSeconds} s:`);
  for (const step of ladder) console.log(latenessLine(step, group.byStep.get(step) ?? []));
  console.log(latenessLine('all steps', group.all));
  console.log(`received ${group.all.length}/${expected} events${group.all.length < expected ? ' (INCOMPLETE: no progress for --idle-seconds)' : ''}; the last arrived ${drainSeconds.toFixed(0)} s after the last step was due`);

  await reader.close();
  console.log('terminating bench orders …');
  await terminateAll(client, ids, concurrency);
  await connection.close();
  await worker.close();
  await stack.stop();
}

/** The bare rate of this run: empty workflows executed (start → complete → result) on a worker of their own. */
async function emptyWorkflowRate(config: PlatformConfig, worker: Worker, client: Client, count: number, concurrency: number): Promise<number> {
  const queue = `${config.temporal.taskQueue}-empty`;
  const emptyWorker = await Worker.create({
    connection: worker.options.connection!,
    namespace: config.temporal.namespace,
    taskQueue: queue,
    workflowsPath: require.resolve('./empty.workflow'),
    dataConverter: temporalDataConverter(),
  });
  const running = emptyWorker.run();
  try {
    const run = Date.now().toString(36);
    const started = Date.now();
    await inParallel(Array.from({ length: count }, (_, i) => i), concurrency, async (i) => {
      await client.workflow.execute('emptyWorkflow', { taskQueue: queue, workflowId: `EMPTY-${run}-${i}` });
    });
    return count / ((Date.now() - started) / 1000);
  } finally {
    emptyWorker.shutdown();
    await running;
  }
}

interface StageResult {
  stepRate: number;
  orders: number;
  expected: number;
  lateness: number[];
  peakDueRate: number;
  openingP99: number;
  startErrors: number;
  met: boolean;
}

/** The most steps due within any `windowMs`, per second. */
function peakRate(instants: number[], windowMs = 10_000): number {
  const s = sortedCopy(instants);
  let best = 0;
  let from = 0;
  for (let to = 0; to < s.length; to += 1) {
    while (s[to]! - s[from]! >= windowMs) from += 1;
    best = Math.max(best, to - from + 1);
  }
  return best / (windowMs / 1000);
}

async function steady(): Promise<void> {
  const openOrders = argument('open-orders', 10_000);
  const stepRates = listArgument('step-rates', [20, 40, 80, 160]);
  const seconds = argument('seconds', 120);
  const limitSeconds = argument('limit-seconds', 20);
  const backgroundHours = argument('background-hours', 24);
  const idleMs = argument('idle-seconds', 120) * 1000;
  const goalMs = argument('goal-ms', 1000);
  const concurrency = argument('concurrency', 64);
  const emptyCount = argument('empty-workflows', 500);
  const keepGoing = flag('keep-going');
  const limitMs = limitSeconds * 1000;
  const quarter = Math.round(limitMs / 4);
  // Background orders: `general`, an acceptance limit of hours. Measured orders: `emergency`, a
  // limit of seconds; the ladder's steps after the deadline every quarter limit, so an order's
  // five steps fall due evenly (0.75, 1, 1.25, 1.5, 1.75 × the limit after it opened).
  const policy: OrderPolicy = {
    ...defaultOrderPolicy,
    limits: {
      ...defaultOrderPolicy.limits,
      general: { ...defaultOrderPolicy.limits.general, acceptWithinMs: backgroundHours * 3_600_000 },
      emergency: { ...defaultOrderPolicy.limits.emergency, acceptWithinMs: limitMs },
    },
    escalation: { warnAtFraction: 0.75, remindAfterMs: quarter, superviseAfterMs: 2 * quarter, escalateAfterMs: 3 * quarter, reassignOnEscalate: false },
  };
  const lastStepAfterMs = limitMs + 3 * quarter;
  const { stack, config } = await benchEnvironment('esc');
  const worker = await startWorker(config, { policy: async () => policy });
  const reader = await StepReader.start(config);
  const { client, connection } = await connectClient(config);
  const run = `ESC-${Date.now().toString(36)}`;
  const open = (orderId: string, urgency: 'general' | 'emergency') =>
    startOrder(client, { taskQueue: config.temporal.taskQueue, orderId, intake: { ...sampleIntake, urgency }, openedBy: agent });
  const backgroundIds = Array.from({ length: openOrders }, (_, i) => `${run}-bg-${i}`);
  const results: StageResult[] = [];
  try {
    // 1. The bare rate, before any order is open.
    const emptyRate = await emptyWorkflowRate(config, worker.worker, client, emptyCount, concurrency);
    console.log(`bare rate: ${emptyCount} empty workflows executed at ${emptyRate.toFixed(1)}/s (concurrency ${concurrency})`);

    // 2. The background: open orders none of whose steps falls due during the run.
    const begun = Date.now();
    await inParallel(backgroundIds, concurrency, async (orderId) => {
      await open(orderId, 'general');
    });
    const startSeconds = (Date.now() - begun) / 1000;
    console.log(`background: ${openOrders} orders started in ${startSeconds.toFixed(1)} s (${(openOrders / startSeconds).toFixed(1)} starts/s, concurrency ${concurrency}); waiting until the worker has opened them all …`);
    const background = reader.group(`${run}-bg`);
    await drain(() => background.received.size, openOrders, () => 0, idleMs, 'background orders opened (order.received)', 10_000);
    const openedSeconds = (Date.now() - begun) / 1000;
    console.log(`background: ${background.received.size}/${openOrders} opened by the worker in ${openedSeconds.toFixed(1)} s (${(background.received.size / openedSeconds).toFixed(1)} orders/s through the worker)`);

    // 3. The stages.
    for (const [index, stepRate] of stepRates.entries()) {
      const orderRate = stepRate / ladder.length;
      const orders = Math.max(1, Math.round(orderRate * seconds));
      const prefix = `${run}-s${index}`;
      const ids = Array.from({ length: orders }, (_, i) => `${prefix}-${i}`);
      const group = reader.group(prefix);
      const sentAt = new Map<string, number>();
      let startErrors = 0;
      console.log(`\nstage ${index + 1}: ${stepRate} steps/s = ${orderRate.toFixed(1)} orders/s for ${seconds} s (${orders} orders, ${orders * ladder.length} steps), ${openOrders} background orders open`);
      // Open loop: each order started on schedule, whether or not earlier starts have answered.
      const t0 = performance.now();
      const pending: Promise<void>[] = [];
      for (let i = 0; i < orders; i += 1) {
        const wait = t0 + (i * 1000) / orderRate - performance.now();
        if (wait > 0) await sleep(wait);
        const id = ids[i]!;
        sentAt.set(id, Date.now());
        pending.push(
          open(id, 'emergency').catch((error: unknown) => {
            startErrors += 1;
            sentAt.delete(id);
            if (startErrors <= 3) console.error(`  start ${id} failed: ${String(error)}`);
          }),
        );
      }
      await Promise.all(pending);
      const lastStarted = Date.now();
      const expected = sentAt.size * ladder.length;
      // The last step falls due `lastStepAfterMs` after its order was opened by the worker.
      const lastDue = () => Math.max(lastStarted, ...group.received.values()) + lastStepAfterMs;
      const ended = await drain(() => group.all.length, expected, lastDue, idleMs, 'steps on Kafka');
      const opening = sortedCopy([...group.received.entries()].flatMap(([id, at]) => (sentAt.has(id) ? [at - sentAt.get(id)!] : [])));
      const lateness = sortedCopy(group.all);
      const complete = lateness.length >= expected;
      const result: StageResult = {
        stepRate,
        orders: sentAt.size,
        expected,
        lateness,
        peakDueRate: peakRate(group.scheduled),
        openingP99: percentile(opening, 99),
        startErrors,
        met: complete && percentile(lateness, 99) <= goalMs,
      };
      results.push(result);
      for (const step of ladder) console.log(`  ${latenessLine(step, group.byStep.get(step) ?? [])}`);
      console.log(`  ${latenessLine('all steps', lateness)}`);
      console.log(
        `  ${lateness.length}/${expected} steps${complete ? '' : ' (INCOMPLETE: no progress for --idle-seconds)'}; the last arrived ${((ended - lastDue()) / 1000).toFixed(0)} s after the last was due; ` +
          `due at up to ${result.peakDueRate.toFixed(1)} steps/s (busiest 10 s); opening (start → order.received) p50 ${percentile(opening, 50)} ms, p99 ${result.openingP99} ms; start errors ${startErrors}`,
      );
      console.log(`  terminating the stage's ${orders} orders …`);
      await terminateAll(client, ids, concurrency);
      if (!result.met && !keepGoing && index < stepRates.length - 1) {
        console.log(`  p99 over ${goalMs} ms${complete ? '' : ' or steps missing'}: higher rates not run (--keep-going runs them)`);
        break;
      }
      await sleep(3_000);
    }

    const f = (v: number) => (Number.isNaN(v) ? '—' : String(v)).padStart(7);
    console.log(`\nescalation lateness, steady (Kafka append time − scheduled instant), ${openOrders} background orders open, acceptance limit ${limitSeconds} s, steps every ${quarter / 1000} s from ${(0.75 * limitSeconds).toFixed(1)} s after opening, ${seconds} s a stage, drain included:`);
    console.log(`  steps/s  orders/s  orders   steps (got)       p50 ms   p99 ms   max ms  due peak/s  opening p99 ms  goal`);
    for (const r of results) {
      const l = r.lateness;
      console.log(
        `  ${String(r.stepRate).padStart(7)}  ${(r.stepRate / ladder.length).toFixed(1).padStart(8)}  ${String(r.orders).padStart(6)}  ${`${r.expected} (${l.length})`.padStart(13)}  ${f(percentile(l, 50))}  ${f(percentile(l, 99))}  ${f(l[l.length - 1] ?? Number.NaN)}  ${r.peakDueRate.toFixed(1).padStart(10)}  ${f(r.openingP99).padStart(14)}  ${r.met ? 'met' : 'MISSED'}`,
      );
    }
    const best = results.filter((r) => r.met).reduce<number | undefined>((m, r) => Math.max(m ?? 0, r.stepRate), undefined);
    console.log(
      best === undefined
        ? `highest steady step rate with p99 ≤ ${goalMs} ms: none of ${stepRates.join(', ')} steps/s`
        : `highest steady step rate with p99 ≤ ${goalMs} ms: ${best} steps/s (of ${results.map((r) => r.stepRate).join(', ')} run)`,
    );
    console.log(`bare rates, same run: empty workflows ${emptyRate.toFixed(1)}/s; background opening ${(openOrders / startSeconds).toFixed(1)} starts/s, ${(background.received.size / openedSeconds).toFixed(1)} orders/s through the worker`);
  } finally {
    await reader.close();
    console.log(`terminating the ${openOrders} background orders …`);
    await terminateAll(client, backgroundIds, concurrency);
    await connection.close();
    await worker.close();
    await stack.stop();
  }
}

async function main(): Promise<void> {
  const mode = textArgument('mode', 'steady');
  if (mode === 'steady') await steady();
  else if (mode === 'burst') await burst();
  else throw new Error(`--mode must be steady or burst, not ${mode}`);
  createLogger('bench').info('done');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
