import type { Connection } from 'mongoose';
import { finalOrderStatuses, type OrderStatus } from '@lianxin/contracts';
import type { Problem, ProblemKind } from './report';
import type { WorkflowState } from './workflows';

/** What a read model holds of one order. */
export interface ReadModelRow {
  sequence: number;
  status: string;
}

export interface ReadModels {
  /** Residents' tracking (`<prefix>_residents.order_views`). */
  tracking: Map<string, ReadModelRow>;
  /** Cadres' work queue (`<prefix>_cadres.work_queue_orders`), open orders only. */
  workQueue: Map<string, ReadModelRow>;
  /** Residents' timelines (`<prefix>_residents.order_timelines`): the sequences of each order's lines. */
  timeline: Map<string, number[]>;
}

const batchSize = 500;

async function readByIds<T, R = ReadModelRow>(db: Connection, collection: string, ids: readonly string[], projection: Record<string, 1>, row: (doc: T) => R) {
  const rows = new Map<string, R>();
  for (let start = 0; start < ids.length; start += batchSize) {
    const chunk = ids.slice(start, start + batchSize);
    const docs = await db.collection(collection).find({ _id: { $in: chunk } } as never, { projection }).toArray();
    for (const doc of docs) rows.set(String(doc._id), row(doc as T));
  }
  return rows;
}

/** The tracking, timeline and work-queue documents of `ids`; `residents` and `cadres` are those services' databases. */
export async function readReadModels(residents: Connection, cadres: Connection, ids: readonly string[]): Promise<ReadModels> {
  const [tracking, workQueue, timeline] = await Promise.all([
    readByIds<{ sequence: number; view?: { status?: string } }>(residents, 'order_views', ids, { sequence: 1, 'view.status': 1 }, (d) => ({
      sequence: d.sequence,
      status: String(d.view?.status),
    })),
    readByIds<{ sequence: number; status: string }>(cadres, 'work_queue_orders', ids, { sequence: 1, status: 1 }, (d) => ({ sequence: d.sequence, status: d.status })),
    readByIds<{ sequences?: number[] }, number[]>(residents, 'order_timelines', ids, { sequences: 1 }, (d) => d.sequences ?? []),
  ]);
  return { tracking, workQueue, timeline };
}

export interface ReadModelCheck {
  problems: Problem[];
  inFlight: number;
}

/**
 * Tracking: present, same sequence and status as the workflow (stale if lower, wrong if higher or
 * another status at the same sequence). Work queue: the same for open orders; an ended order's
 * document must be gone (one still there is stale: the ending event was not applied). Timeline:
 * exactly one line for each of the workflow's sequences 1..n (stale if some are missing, wrong if
 * one is there twice or beyond n).
 */
export function checkReadModels(state: WorkflowState, models: ReadModels, recent: boolean): ReadModelCheck {
  const result: ReadModelCheck = { problems: [], inFlight: 0 };
  const view = state.view;
  if (!view) return result;
  const orderId = state.orderId;
  const behind = (kind: ProblemKind, detail: string) => {
    if (recent) result.inFlight += 1;
    else result.problems.push({ orderId, kind, detail });
  };
  const compare = (name: 'tracking' | 'work_queue', row: ReadModelRow) => {
    const at = `${row.sequence}/${row.status}, workflow ${view.sequence}/${view.status}`;
    if (row.sequence < view.sequence) behind(`${name}_stale`, `read model at ${at}`);
    else if (row.sequence > view.sequence) result.problems.push({ orderId, kind: `${name}_wrong`, detail: `read model ahead: ${at}` });
    else if (row.status !== view.status) result.problems.push({ orderId, kind: `${name}_wrong`, detail: `same sequence, other status: ${at}` });
  };

  const tracked = models.tracking.get(orderId);
  if (!tracked) behind('tracking_missing', `no order_views document (workflow ${view.sequence}/${view.status})`);
  else compare('tracking', tracked);

  const lines = models.timeline.get(orderId);
  if (!lines) behind('timeline_missing', `no order_timelines document (workflow ${view.sequence}/${view.status})`);
  else {
    const seen = new Set(lines);
    const missing = Array.from({ length: view.sequence }, (_, i) => i + 1).filter((sequence) => !seen.has(sequence));
    const beyond = lines.filter((sequence) => sequence > view.sequence);
    if (seen.size !== lines.length || beyond.length > 0) {
      result.problems.push({ orderId, kind: 'timeline_wrong', detail: `${lines.length} lines, ${seen.size} distinct, beyond the workflow's ${view.sequence}: [${beyond.join(', ')}]` });
    } else if (missing.length > 0) behind('timeline_stale', `lines missing for sequences [${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}] of ${view.sequence}`);
  }

  const queued = models.workQueue.get(orderId);
  const ended = finalOrderStatuses.includes(view.status as OrderStatus);
  if (ended) {
    if (queued) {
      if (queued.sequence > view.sequence) compare('work_queue', queued);
      else behind('work_queue_stale', `order ended (${view.sequence}/${view.status}) but still queued at ${queued.sequence}/${queued.status}`);
    }
  } else if (!queued) behind('work_queue_missing', `no work_queue_orders document (workflow ${view.sequence}/${view.status})`);
  else compare('work_queue', queued);
  return result;
}
