import type {
  Actor,
  CheckBackRating,
  HandlerTarget,
  IntakeOrder,
  OrderEventType,
  OrderHandler,
  OrderStatus,
  TimelineEntry,
} from '@lianxin/contracts/order';
import type { ClaimChain, ClaimOffer } from './claim-chain';
import type { Clock } from './clocks';
import type { OrderPolicy } from './policy';

/**
 * The shapes an order's state is made of: what `OrderCase` keeps and hands out, and what the
 * permission checks read. Types and data only, so every module of the order may import them.
 */

export interface OpenOrder {
  id: string;
  /** Already parsed (defaults applied). */
  intake: IntakeOrder;
  openedBy: Actor;
  claimChain: ClaimChain;
  /** The organisation path of the order's place (village → township → county). */
  scope?: string[];
}

/** A fact the order recorded, before it is published. */
export interface PendingEvent {
  type: OrderEventType;
  actor: Actor;
  at: number;
  details: Record<string, unknown>;
}

export type RecordedEvent = { sequence: number } & PendingEvent;

/**
 * Rules that changed while orders were running. An order keeps the rules it was opened under for
 * life (the workflow decides them with Temporal's `patched`, so a replayed order gets the old ones).
 */
export interface OrderRules {
  /**
   * When the 办结 clock starts. 'dispatch' (rules of the first release): at the first dispatch or
   * opening for claim. 'acceptance' (since `resolve-clock-from-acceptance`): at 受理, so the time
   * an order waits in the dispatcher's queue counts against its limit too.
   */
  resolveClockFrom: 'dispatch' | 'acceptance';
  /**
   * Since `claim-mode-on-acceptance`: an order whose limits say `mode: 'claim'` opens for claiming
   * (待认领, stage 0, open to every member) the moment it is accepted. Before it (false, or absent
   * in rules recorded before it existed) every accepted order waits for a dispatcher.
   */
  claimModeOnAcceptance?: boolean;
  /**
   * Since `access-by-scope`: commands are checked against the order's scope (its organisation
   * path) and a resident may act only on their own order (access.ts). Orders opened before keep
   * the checks they were opened under: their recorded commands replay as they ran.
   */
  accessByScope?: boolean;
  /**
   * Since `hold-limits`: a pause ends by itself after the policy's `maxPauseMs` (a longer one is
   * refused), a committed deadline (解释说明) lies at most `maxCommitMs` ahead (longer: an
   * extension a dispatcher or supervisor approves), and an order takes at most `maxDiaryEntries`
   * diary entries. Before it, a handler could stop an order's escalation on their own.
   */
  holdLimits?: boolean;
}

export const firstReleaseRules: Required<OrderRules> = { resolveClockFrom: 'dispatch', claimModeOnAcceptance: false, accessByScope: false, holdLimits: false };

/** Plain JSON: everything the order is, for queries and continue-as-new. */
export interface OrderCaseSnapshot {
  id: string;
  /** Absent in snapshots from before rules existed: those orders run under `firstReleaseRules`. */
  rules?: OrderRules;
  intake: IntakeOrder;
  openedBy: Actor;
  /** The policy the order was opened under; it keeps it for life. */
  policy: OrderPolicy;
  claimChain: ClaimChain;
  /** The organisation path of the order's place, nearest first; absent in orders opened before scopes. */
  scope?: string[];
  status: OrderStatus;
  statusBeforePause?: OrderStatus;
  pausedAt?: number;
  handler?: OrderHandler;
  coHandlers: HandlerTarget[];
  claim?: ClaimOffer;
  clocks: Clock[];
  pendingExtension?: { until: number; reason: string; requestedBy: Actor };
  committedDeadline?: number;
  reopenCount: number;
  rating?: CheckBackRating;
  mergedInto?: string;
  createdAt: number;
  updatedAt: number;
  /** Sequence of the last recorded event (1, 2, 3 … over the whole life). */
  sequence: number;
  /** Sequence of the last event handed out by drainEvents. */
  drainedThrough: number;
  /**
   * The events recorded and not yet handed out by drainEvents (the workflow drains them at every
   * step, so this stays short). The order's whole timeline is not kept here: it is published event
   * by event and read models keep it, so the state an order carries into continue-as-new stays
   * bounded however long it runs.
   */
  pending: RecordedEvent[];
  /** How many 民情日记 entries the order has: what the diary limit needs of its past. */
  diaryEntries: number;
}

/**
 * A snapshot as orders carried it before the timeline left the state: every event with its
 * summary. `OrderCase.fromSnapshot` takes it and keeps only what the order still needs.
 */
export type LegacyOrderCaseSnapshot = Omit<OrderCaseSnapshot, 'pending' | 'diaryEntries'> & { timeline: TimelineEntry[] };

/** The rules an order runs under, every rule it does not record taken from the first release. */
export function rulesOf(state: Pick<OrderCaseSnapshot, 'rules'>): Required<OrderRules> {
  return {
    resolveClockFrom: state.rules?.resolveClockFrom ?? firstReleaseRules.resolveClockFrom,
    claimModeOnAcceptance: state.rules?.claimModeOnAcceptance ?? firstReleaseRules.claimModeOnAcceptance,
    accessByScope: state.rules?.accessByScope ?? firstReleaseRules.accessByScope,
    holdLimits: state.rules?.holdLimits ?? firstReleaseRules.holdLimits,
  };
}
