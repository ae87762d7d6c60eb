import type { Model } from 'mongoose';
import type { OrderSummary } from '@lianxin/contracts';
import type { QueuedOrder } from './work-queues';

/**
 * 超期看板/督办: the open orders of an organisation's subtree that need oversight — escalated at
 * least to a level, and on request those waiting on a supervisor's decision (督办决定) or on an
 * extension decision (延期审批) — most overdue first. It reads the top-level fields of the
 * work-queue documents (`escalationRank`, `nextDueAt`, `pendingExtension`), never their JSON.
 */
export interface OverdueBoardCriteria {
  /** The caller's organisation: the board holds only orders whose path contains it. */
  scopeOrganisationId: string;
  /** Narrows the board to one organisation's subtree within the caller's. */
  organisationId?: string;
  /** `escalationRank` of the lowest level shown. */
  minRank: number;
  /** Also orders awaiting a supervisor's decision (待督办决定), whatever their level. */
  decisions: boolean;
  /** Also orders with an extension request waiting for a decision, whatever their level. */
  extensions: boolean;
}

type Condition = Record<string, unknown>;
export interface BoardFilter {
  $and: Condition[];
}

/** The board's filter: in the subtree (and the narrower one), and one of the reasons to be on it. */
export function overdueBoardFilter(criteria: OverdueBoardCriteria): BoardFilter {
  const reasons: Condition[] = [
    { escalationRank: { $gte: criteria.minRank } },
    ...(criteria.decisions ? [{ status: 'awaiting_supervisor' }] : []),
    ...(criteria.extensions ? [{ pendingExtension: true }] : []),
  ];
  return {
    $and: [
      { scope: criteria.scopeOrganisationId },
      ...(criteria.organisationId ? [{ scope: criteria.organisationId }] : []),
      reasons.length === 1 ? reasons[0]! : { $or: reasons },
    ],
  };
}

/** Which slice of each part a page takes: first the orders with a running clock, then those without. */
export interface BoardSlices {
  dated?: { skip: number; limit: number };
  undated?: { skip: number; limit: number };
}

export function boardSlices(page: { offset: number; limit: number }, datedTotal: number, undatedTotal: number): BoardSlices {
  const datedLimit = Math.max(0, Math.min(page.limit, datedTotal - page.offset));
  const undatedSkip = Math.max(0, page.offset - datedTotal);
  const undatedLimit = Math.max(0, Math.min(page.limit - datedLimit, undatedTotal - undatedSkip));
  return {
    ...(datedLimit > 0 ? { dated: { skip: page.offset, limit: datedLimit } } : {}),
    ...(undatedLimit > 0 ? { undated: { skip: undatedSkip, limit: undatedLimit } } : {}),
  };
}

export interface BoardPage {
  items: OrderSummary[];
  total: number;
}

type Listed = Pick<QueuedOrder, 'summaryJson'>;

/**
 * One page of the board: orders whose next clock falls due first lead (the most overdue at the
 * top; ties by id), then those with no running clock (paused, or waiting on a decision), most
 * recently changed first. Two counts and at most two reads, each by the store's own sort.
 */
export async function listOverdueBoard(model: Model<QueuedOrder>, filter: BoardFilter, page: { offset: number; limit: number }): Promise<BoardPage> {
  const dated = { $and: [...filter.$and, { nextDueAt: { $exists: true } }] };
  const undated = { $and: [...filter.$and, { nextDueAt: { $exists: false } }] };
  const [datedTotal, undatedTotal] = await Promise.all([model.countDocuments(dated), model.countDocuments(undated)]);
  const slices = boardSlices(page, datedTotal, undatedTotal);
  const read = (part: Condition, sort: Record<string, 1 | -1>, slice?: { skip: number; limit: number }) =>
    slice ? model.find(part, { summaryJson: 1 }).sort(sort).skip(slice.skip).limit(slice.limit).lean<Listed[]>() : Promise.resolve([]);
  const [first, then] = await Promise.all([
    read(dated, { nextDueAt: 1, _id: 1 }, slices.dated),
    read(undated, { updatedAt: -1, _id: 1 }, slices.undated),
  ]);
  return { items: [...first, ...then].map((d) => JSON.parse(d.summaryJson) as OrderSummary), total: datedTotal + undatedTotal };
}
