import type { Connection } from 'mongoose';
import type { OrderStatus, ReceivedOrderEvent } from '@lianxin/contracts';
import {
  applyToTracking,
  applyToWorkQueues,
  listWorkQueue,
  queuedOrder,
  queuedOrderModel,
  trackedOrderModel,
  workQueueFilters,
  type QueuedOrder,
  type TrackedOrder,
} from '@lianxin/order-views';
import { sampleEventData, sampleOrderView } from '@lianxin/order-views/samples';
import { connectMongo } from '@lianxin/platform';
import { argument, benchEnvironment, percentile } from './support';

/**
 * `npm run bench:readmodels [-- --sizes 1000,10000,100000 --open-share 0.1 --samples 300]`:
 * grows the tracking and work-queue read models to each size on the embedded store, then
 * measures, at that size, the latency of applying one event (read by id, write by id, as the
 * consumers do) and of the work lists (a page of 50 and its total) that dispatchers and
 * members open. Prints figures; asserts nothing.
 */
const members = Array.from({ length: 61 }, (_, i) => `member-${i}`);
const organisations = Array.from({ length: 18 }, (_, i) => `org-${i}`);
const openStatuses: OrderStatus[] = ['received', 'accepted', 'open_for_claim', 'dispatched', 'signed', 'in_progress', 'paused', 'resolved'];

function listArgument(name: string, fallback: number[]): number[] {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const values = String(process.argv[index + 1]).split(',').map(Number);
  if (values.some((v) => !Number.isInteger(v) || v <= 0)) throw new Error(`--${name} takes whole numbers, e.g. 1000,10000`);
  return values;
}

function shareArgument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index < 0 ? fallback : Number(process.argv[index + 1]);
  if (!(value > 0 && value <= 1)) throw new Error(`--${name} is a share between 0 and 1`);
  return value;
}

/** Order i as it stands when the data set is built: most closed, `openShare` still open. */
function standingView(i: number, openShare: number, at: Date) {
  const open = (i * 7919) % 1000 < openShare * 1000;
  const status: OrderStatus = open ? openStatuses[i % openStatuses.length]! : 'closed';
  return sampleOrderView({
    id: `LXB${String(i).padStart(7, '0')}`,
    status,
    sequence: 5,
    handlerId: members[i % members.length]!,
    organisationId: organisations[i % organisations.length]!,
    ...(status === 'open_for_claim' && i % 3 !== 0 ? { offeredTo: [members[(i + 1) % members.length]!] } : {}),
    updatedAt: at,
  });
}

/** Bulk-loads orders [from, to) as the consumers would have left them (same documents, inserted in batches). */
async function grow(tracking: ReturnType<typeof trackedOrderModel>, queues: ReturnType<typeof queuedOrderModel>, from: number, to: number, openShare: number) {
  const base = Date.now() - 86_400_000;
  for (let start = from; start < to; start += 1000) {
    const views = Array.from({ length: Math.min(1000, to - start) }, (_, k) => standingView(start + k, openShare, new Date(base + start + k)));
    const tracked: TrackedOrder[] = views.map((view) => ({ _id: view.id, sequence: view.sequence, view, updatedAt: new Date() }));
    const queued = views.map((view) => queuedOrder(view, view.sequence)).filter((q): q is QueuedOrder => q !== undefined);
    await tracking.collection.insertMany(tracked as never[]);
    if (queued.length > 0) await queues.collection.insertMany(queued as never[]);
  }
}

function eventFor(i: number, step: number): ReceivedOrderEvent {
  const status = (['received', 'accepted', 'dispatched', 'signed', 'closed'] as const)[step]!;
  const data = sampleEventData(
    sampleOrderView({ id: `LXN${String(i).padStart(7, '0')}`, status, sequence: step + 1, handlerId: members[i % members.length]!, organisationId: organisations[i % organisations.length]! }),
  );
  return { id: `${data.orderId}:${data.sequence}`, type: data.type, subject: data.orderId, sequence: data.sequence, trace: {}, data };
}

const ms = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;
const fmt = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms · p99 ${percentile(sorted, 99).toFixed(1)} ms · max ${sorted[sorted.length - 1]!.toFixed(1)} ms`;
};

async function measureAt(db: Connection, size: number, samples: number, round: number) {
  const tracking = trackedOrderModel(db);
  const queues = queuedOrderModel(db);

  // Warm-up (connections, JIT, the store's caches): run the lists once, unrecorded.
  for (const member of members.slice(0, 10)) await listWorkQueue(queues, workQueueFilters.inbox([member]), { offset: 0, limit: 50 });

  // Apply: new orders walking received → … → closed, one event at a time as one partition would.
  const applyTracking: number[] = [];
  const applyQueues: number[] = [];
  const staleTracking: number[] = [];
  const walkers = Math.ceil(samples / 5);
  for (let step = 0; step < 5; step += 1) {
    for (let k = 0; k < walkers; k += 1) {
      const event = eventFor(round * 1_000_000 + k, step);
      let t = process.hrtime.bigint();
      await applyToTracking(tracking, event);
      applyTracking.push(ms(t));
      t = process.hrtime.bigint();
      await applyToWorkQueues(queues, event);
      applyQueues.push(ms(t));
      if (step === 4) {
        t = process.hrtime.bigint();
        await applyToTracking(tracking, eventFor(round * 1_000_000 + k, 2)); // a late duplicate: no write
        staleTracking.push(ms(t));
      }
    }
  }

  // Lists: each a page of 50 with its total, over members, organisations and candidates.
  const lists: Record<string, number[]> = { inbox: [], 'dispatch queue': [], 'claim board': [] };
  const totals: Record<string, number[]> = { inbox: [], 'dispatch queue': [], 'claim board': [] };
  for (let k = 0; k < samples; k += 1) {
    const kinds = [
      ['inbox', workQueueFilters.inbox([members[k % members.length]!])],
      ['dispatch queue', workQueueFilters.dispatchQueue(organisations[k % organisations.length]!)],
      ['claim board', workQueueFilters.claimBoard({ id: members[k % members.length]!, isMember: true })],
    ] as const;
    const [name, filters] = kinds[k % kinds.length]!;
    const t = process.hrtime.bigint();
    const page = await listWorkQueue(queues, filters, { offset: 0, limit: 50 });
    lists[name]!.push(ms(t));
    totals[name]!.push(page.total);
  }

  const open = await queues.estimatedDocumentCount();
  console.log(`\n== ${size.toLocaleString('en')} orders (${open.toLocaleString('en')} open, in the work-queue collection)`);
  console.log(`apply · tracking          ${fmt(applyTracking)}`);
  console.log(`apply · work queues       ${fmt(applyQueues)}`);
  console.log(`apply · stale duplicate   ${fmt(staleTracking)}`);
  for (const name of Object.keys(lists)) {
    const mean = totals[name]!.reduce((s, v) => s + v, 0) / totals[name]!.length;
    console.log(`list+count · ${name.padEnd(14)}${fmt(lists[name]!)} (≈${Math.round(mean)} orders per list)`);
  }
}

async function main(): Promise<void> {
  const sizes = listArgument('sizes', [1_000, 10_000, 100_000]);
  const openShare = shareArgument('open-share', 0.1);
  const samples = argument('samples', 300);
  const { stack, config } = await benchEnvironment('rm');
  const db = await connectMongo(config, 'readmodels');
  console.log(`read models on ${stack.mongo.url} · open share ${openShare} · ${samples} samples per figure`);
  try {
    let loaded = 0;
    for (const [round, size] of sizes.entries()) {
      const started = Date.now();
      await grow(trackedOrderModel(db), queuedOrderModel(db), loaded, size, openShare);
      loaded = Math.max(loaded, size);
      console.log(`(loaded to ${size.toLocaleString('en')} orders in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      await measureAt(db, size, samples, round + 1);
    }
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await db.close();
    await stack.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
