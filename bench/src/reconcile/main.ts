import { readFileSync, writeFileSync } from 'node:fs';
import { connectMongo, connectTemporal, loadConfig } from '@lianxin/platform';
import { checkEvents, readOrderEvents, type EventIndex } from './events';
import { checkNotifications, readDeliveries, type DeliveryRow } from './notifications';
import { checkReadModels, readReadModels, type ReadModels } from './read-models';
import { formatReport, type Notes, type Problem, type ProblemKind } from './report';
import { checkWorkflow, listOrderIds, readWorkflows, type WorkflowState } from './workflows';

/**
 * `npm run reconcile -- [--orders-file .data/load/<run>.json] [--since <iso>] [--limit N]
 *  [--grace <seconds>] [--concurrency N] [--json <report.json>]`
 *
 * Checks every order against the places it should show up: its workflow (the source of truth:
 * state, sequence, status), the order-event topic, the tracking, timeline and work-queue read models, the
 * notification deliveries, and its escalation clocks. Orders come from the load generator's file
 * (objects with at least `id`) or, without one, from the order workflows started since `--since`
 * (default: the last 24 hours). Differences "behind" the workflow on an order that changed within
 * the grace period (default 30 s) are counted as in flight, not as problems. Exit 1 if any problem.
 */
interface Options {
  ordersFile?: string;
  since?: Date;
  limit?: number;
  graceMs: number;
  concurrency: number;
  json?: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { graceMs: 30_000, concurrency: 16 };
  for (let i = 0; i < argv.length; i += 1) {
    const name = argv[i];
    const value = argv[i + 1];
    const need = () => {
      if (value === undefined) throw new Error(`${name} needs a value`);
      i += 1;
      return value;
    };
    const positive = () => {
      const n = Number(need());
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} takes a positive whole number`);
      return n;
    };
    switch (name) {
      case '--orders-file':
        options.ordersFile = need();
        break;
      case '--since': {
        const since = new Date(need());
        if (Number.isNaN(since.getTime())) throw new Error('--since takes an ISO date-time, e.g. 2026-11-26T08:00:00Z');
        options.since = since;
        break;
      }
      case '--limit':
        options.limit = positive();
        break;
      case '--grace':
        options.graceMs = Number(need()) * 1000;
        if (!(options.graceMs >= 0)) throw new Error('--grace takes seconds (0 or more)');
        break;
      case '--concurrency':
        options.concurrency = positive();
        break;
      case '--json':
        options.json = need();
        break;
      case '--help':
      case '-h':
        console.log('usage: npm run reconcile -- [--orders-file <file.json>] [--since <iso>] [--limit N] [--grace <s>] [--concurrency N] [--json <out.json>]');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${name}`);
    }
  }
  return options;
}

/** Order ids of a load-generator file: a JSON array of objects with `id`, or an object holding one (e.g. `orders`). */
export function idsFromFile(file: string): string[] {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const withIds = (value: unknown): value is { id: unknown }[] =>
    Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string');
  let list: unknown = parsed;
  if (!withIds(list) && typeof parsed === 'object' && parsed !== null) {
    const record = parsed as Record<string, unknown>;
    list = withIds(record['orders']) ? record['orders'] : Object.values(record).find(withIds);
  }
  if (!withIds(list)) throw new Error(`${file}: no array of objects with an "id" found`);
  return [...new Set(list.map((item) => item.id).filter((id): id is string => typeof id === 'string' && id.length > 0))];
}

interface OrderFindings {
  problems: Problem[];
  inFlight: number;
  duplicateRecords: number;
  deliveriesPerEvent: Record<string, number>;
  deliveriesByStatus: Record<string, number>;
}

/**
 * `sourcesFrom`: when reading the topic began (the read models were read after it). A change the
 * workflow made after that, or within the grace period before it, may rightly be missing there.
 */
function checkOrder(
  state: WorkflowState,
  index: EventIndex,
  models: ReadModels,
  deliveries: Map<string, DeliveryRow[]>,
  now: number,
  graceMs: number,
  sourcesFrom: number,
): OrderFindings {
  const problems = checkWorkflow(state, now);
  const findings: OrderFindings = { problems, inFlight: 0, duplicateRecords: 0, deliveriesPerEvent: {}, deliveriesByStatus: {} };
  if (!state.view) return findings;
  const changedAt = Date.parse(state.view.updatedAt);
  const recent = changedAt > sourcesFrom - graceMs || now - changedAt < graceMs;
  const events = index.orders.get(state.orderId);
  const eventCheck = checkEvents(state, events, recent);
  const modelCheck = checkReadModels(state, models, recent);
  const notificationCheck = checkNotifications(state, deliveries.get(state.orderId) ?? [], events, now, graceMs);
  problems.push(...eventCheck.problems, ...modelCheck.problems, ...notificationCheck.problems);
  findings.inFlight = eventCheck.inFlight + modelCheck.inFlight + notificationCheck.inFlight;
  findings.duplicateRecords = eventCheck.duplicateRecords;
  findings.deliveriesPerEvent = notificationCheck.perEvent;
  findings.deliveriesByStatus = notificationCheck.byStatus;
  return findings;
}

/** How many more times a workflow whose query did not answer is asked before it counts as unreadable. */
const unreadableRetries = 3;

/** Findings that a workflow having moved on since it was read would explain: read it again and check again. */
const aheadKinds: readonly ProblemKind[] = ['events_ahead', 'tracking_wrong', 'work_queue_wrong', 'timeline_wrong'];

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const started = Date.now();
  const { connection, client } = await connectTemporal(config).catch((error: unknown) => {
    throw new Error(`temporal ${config.temporal.address}: ${(error as Error).message}`);
  });
  const [residents, cadres, notifications] = await Promise.all(['residents', 'cadres', 'notifications'].map((s) => connectMongo(config, s)));
  try {
    let ids: string[];
    let source: string;
    if (options.ordersFile) {
      ids = idsFromFile(options.ordersFile);
      source = options.ordersFile;
    } else {
      const since = options.since ?? new Date(Date.now() - 86_400_000);
      ids = await listOrderIds(client, since, options.limit);
      source = `order workflows started since ${since.toISOString()}`;
    }
    if (options.limit !== undefined) ids = ids.slice(0, options.limit);
    console.log(
      `reconcile: ${ids.length} order(s) from ${source}\n` +
        `  temporal ${config.temporal.address} namespace ${config.temporal.namespace}; kafka ${config.kafka.brokers.join(',')} topic ${config.kafka.topicPrefix}order.events; ` +
        `mongo ${config.mongo.url.replace(/\/\/[^@/]*@/, '//***@')} prefix ${config.mongo.dbPrefix}`,
    );

    // Workflows first, then the topic, then the read models: each later source may only be
    // ahead of an earlier one by what happened in between, which the recheck below settles.
    const states = await readWorkflows(client, ids, options.concurrency);
    // A query needs the worker: one that is busy (catching up after a chaos run) may miss the
    // deadline. Those are asked again, a few times, before they count as unreadable.
    for (let pass = 1; pass <= unreadableRetries; pass += 1) {
      const unreadable = ids.filter((id) => !states.get(id)!.view && states.get(id)!.found);
      if (unreadable.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      const again = await readWorkflows(client, unreadable, Math.max(1, Math.floor(options.concurrency / 2)));
      for (const [id, state] of again) states.set(id, state);
      console.log(`  asked ${unreadable.length} unanswered workflow(s) again (pass ${pass}): ${unreadable.filter((id) => states.get(id)!.view).length} answered`);
    }
    console.log(`  workflows read (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    const wanted = new Set(ids);
    const sourcesFrom = Date.now();
    const index = await readOrderEvents(config, wanted);
    console.log(`  topic read: ${index.totalRecords} records (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    const models = await readReadModels(residents!, cadres!, ids);
    const deliveries = await readDeliveries(notifications!, ids);
    console.log(`  read models and deliveries read (${((Date.now() - started) / 1000).toFixed(1)} s)`);

    const now = Date.now();
    const findings = new Map<string, OrderFindings>();
    for (const id of ids) findings.set(id, checkOrder(states.get(id)!, index, models, deliveries, now, options.graceMs, sourcesFrom));
    const recheck = ids.filter((id) => findings.get(id)!.problems.some((p) => aheadKinds.includes(p.kind)));
    if (recheck.length > 0) {
      const again = await readWorkflows(client, recheck, options.concurrency);
      for (const id of recheck) {
        const state = again.get(id)!;
        states.set(id, state);
        findings.set(id, checkOrder(state, index, models, deliveries, Date.now(), options.graceMs, sourcesFrom));
      }
      console.log(`  rechecked ${recheck.length} order(s) that looked ahead of their workflow`);
    }

    const problems = [...findings.values()].flatMap((f) => f.problems);
    const deliveriesByStatus: Record<string, number> = {};
    for (const f of findings.values()) for (const [s, n] of Object.entries(f.deliveriesByStatus)) deliveriesByStatus[s] = (deliveriesByStatus[s] ?? 0) + n;
    const withDuplicates = [...findings.values()].filter((f) => f.duplicateRecords > 0);
    const notes: Notes = {
      duplicateRecords: withDuplicates.reduce((sum, f) => sum + f.duplicateRecords, 0),
      ordersWithDuplicateRecords: withDuplicates.length,
      unreadableRecords: index.unreadable,
      inFlight: [...findings.values()].reduce((sum, f) => sum + f.inFlight, 0),
      fromResult: [...states.values()].filter((s) => s.source === 'result').length,
      deliveriesByStatus,
      topicComplete: index.complete,
      totalRecords: index.totalRecords,
    };
    const eventsOnTopic = ids.reduce((sum, id) => sum + (index.orders.get(id)?.records.length ?? 0), 0);
    console.log('');
    console.log(formatReport({ ordersChecked: ids.length, eventsOnTopic, problems, notes }));
    console.log(`\n(${((Date.now() - started) / 1000).toFixed(1)} s)`);

    if (options.json) {
      const orders = ids.map((id) => {
        const state = states.get(id)!;
        const f = findings.get(id)!;
        return {
          id,
          found: state.found,
          executionStatus: state.executionStatus,
          status: state.view?.status,
          sequence: state.view?.sequence,
          escalationLevel: state.view?.escalationLevel,
          eventRecords: index.orders.get(id)?.records.length ?? 0,
          tracking: models.tracking.get(id),
          workQueue: models.workQueue.get(id),
          timelineLines: models.timeline.get(id)?.length,
          deliveriesPerEvent: f.deliveriesPerEvent,
          problems: f.problems.map(({ kind, detail }) => ({ kind, detail })),
        };
      });
      writeFileSync(options.json, JSON.stringify({ at: new Date(now).toISOString(), source, notes, problems: problems.length, orders }, null, 2));
      console.log(`details per order: ${options.json}`);
    }
    return problems.length > 0 || !index.complete ? 1 : 0;
  } finally {
    await Promise.all([residents, cadres, notifications].map((c) => c?.close()));
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`reconcile: ${(error as Error).message ?? String(error)}`);
    process.exit(2);
  },
);
