import { randomUUID } from 'node:crypto';
import { fromOrderEventRecord, type Actor } from '@lianxin/contracts';
import { createKafka, createLogger, resolveTopic, temporalDataConverter } from '@lianxin/platform';
import { startOrder } from '@lianxin/order-client';
import { defaultOrderPolicy, type OrderPolicy } from '@lianxin/workflows';
import { startWorker } from '@lianxin/e2e';
import { Client, Connection } from '@temporalio/client';
import { argument, benchEnvironment, inParallel, percentile, sampleIntake } from './support';

/**
 * `npm run bench:escalation [-- --orders 10000 --limit-seconds 120]`: opens N orders whose
 * acceptance limit is short and nobody accepts, then measures how late each escalation step
 * (warning, overdue, reminder, supervise, escalate) reaches Kafka against its scheduled instant.
 */
async function main(): Promise<void> {
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
  const steps = new Set(['order.warning', 'order.overdue', 'order.reminded', 'order.supervised', 'order.escalated']);
  const expected = orders * steps.size;
  const lateness: number[] = [];
  const byStep = new Map<string, number[]>();
  const consumer = createKafka(config, 'bench-reader').consumer({ groupId: `bench-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: resolveTopic(config, 'orderEvents'), fromBeginning: true });
  const seen = new Set<string>();
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = fromOrderEventRecord(message);
      if (!steps.has(event.type) || seen.has(event.id)) return;
      seen.add(event.id);
      const late = Number(message.timestamp) - Date.parse(String(event.data.details['scheduledAt']));
      lateness.push(late);
      const ofStep = byStep.get(event.type) ?? [];
      ofStep.push(late);
      byStep.set(event.type, ofStep);
    },
  });

  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: temporalDataConverter() });
  const agent: Actor = { id: 'bench-agent', role: 'agent', name: '压测话务员' };
  const started = Date.now();
  const ids = Array.from({ length: orders }, (_, i) => `BENCH-${started.toString(36)}-${i}`);
  await inParallel(ids, concurrency, async (orderId) => {
    await startOrder(client, { taskQueue: config.temporal.taskQueue, orderId, intake: sampleIntake, openedBy: agent });
  });
  const startSeconds = (Date.now() - started) / 1000;
  console.log(`started ${orders} orders in ${startSeconds.toFixed(1)} s (${(orders / startSeconds).toFixed(0)}/s); waiting for ${expected} escalation events …`);
  // Wait for every step, however late: the figure must include the latest ones. Give up only
  // when nothing has arrived for `--idle-seconds` after the last step was due.
  const idleMs = argument('idle-seconds', 120) * 1000;
  const lastDue = started + startSeconds * 1000 + limitMs + 15_000;
  let lastCount = 0;
  let lastProgress = Date.now();
  while (lateness.length < expected) {
    await new Promise((r) => setTimeout(r, 5000));
    if (lateness.length !== lastCount) {
      lastCount = lateness.length;
      lastProgress = Date.now();
      console.log(`  ${lateness.length}/${expected} escalation events`);
    } else if (Date.now() > lastDue && Date.now() - lastProgress > idleMs) break;
  }
  const drainSeconds = (Date.now() - lastDue) / 1000;

  const sorted = [...lateness].sort((a, b) => a - b);
  const line = (name: string, values: number[]) => {
    const s = [...values].sort((a, b) => a - b);
    return `${name.padEnd(18)} n=${String(s.length).padStart(6)}  p50=${percentile(s, 50)} ms  p99=${percentile(s, 99)} ms  max=${s[s.length - 1]} ms`;
  };
  console.log(`\nescalation lateness (Kafka append time − scheduled instant), ${orders} orders, limit ${limitSeconds} s:`);
  for (const step of steps) console.log(line(step, byStep.get(step) ?? []));
  console.log(line('all steps', sorted));
  console.log(`received ${lateness.length}/${expected} events${lateness.length < expected ? ' (INCOMPLETE: no progress for --idle-seconds)' : ''}; the last arrived ${drainSeconds.toFixed(0)} s after the last step was due`);

  await consumer.disconnect();
  console.log('terminating bench orders …');
  await inParallel(ids, concurrency, async (id) => {
    await client.workflow.getHandle(id).terminate('bench finished').catch(() => undefined);
  });
  await connection.close();
  await worker.close();
  await stack.stop();
  createLogger('bench').info('done');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
