import type { Actor } from '../actor';
import { orderEventLabels, type OrderEventType } from './events';
import type { ClockName } from './status';
import type { CheckBackRating } from './commands';
import type { TimelineEntry } from './view';

/**
 * The zh-CN lines of an order's timeline (民情日记, notices): one per recorded event. The order's
 * workflow does not keep its timeline (its state stays bounded); read models build it from the
 * events with `timelineEntryOf`.
 */

/** The zh-CN names of the time limits, as timelines and notices say them. */
export const clockLabels: Record<ClockName, string> = {
  accept: '受理',
  sign: '签收',
  contact: '联系',
  resolve: '办结',
  claim: '认领',
  checkBack: '回访',
  followUp: '整改',
  extensionDecision: '延期审批',
  pauseLimit: '挂起期限',
};

const systemReasons: Record<string, string> = {
  check_back_window_passed: '回访期满未评价，自动销号',
  expired: '审批超时，视为未批准',
  claim_mode: '按认领模式，受理后自动发布认领',
};
const ratingLabels: Record<CheckBackRating, string> = { satisfied: '满意', partly: '基本满意', unsatisfied: '不满意' };
const contactLabels: Record<string, string> = { phone: '电话联系', visit: '上门走访', message: '短信/留言' };

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function nameOf(value: unknown): string | undefined {
  return value && typeof value === 'object' && 'name' in value ? text(value.name) : undefined;
}

/** The zh-CN line for a timeline: the event's label, its clock, to whom, and the people's words. */
export function summaryOf(type: OrderEventType, details: Record<string, unknown>): string {
  const clock = text(details['clock']) as ClockName | undefined;
  const head = `${orderEventLabels[type]}${clock && clock in clockLabels ? `（${clockLabels[clock]}时限）` : ''}`;
  const offeredTo = Array.isArray(details['offeredTo']) ? details['offeredTo'].map(nameOf).filter(Boolean).join('、') : undefined;
  const to = nameOf(details['target']) ?? nameOf(details['reassignedTo']) ?? nameOf(details['handler']) ?? (offeredTo || undefined);
  const reason = text(details['reason']);
  const words =
    (reason && (systemReasons[reason] ?? reason)) ??
    text(details['explanation']) ??
    text(details['summary']) ??
    text(details['text']) ??
    text(details['note']) ??
    text(details['comment']);
  const rating = text(details['rating']);
  const parts = [
    to && `「${to}」`,
    rating && ratingLabels[rating as CheckBackRating],
    text(details['method']) && contactLabels[details['method'] as string],
    words,
  ].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? `${head}：${parts.join('，')}` : head;
}

/** The timeline line of one published event: the same for every read model that keeps one. */
export function timelineEntryOf(event: {
  sequence: number;
  type: OrderEventType;
  occurredAt: string;
  actor: Actor;
  details: Record<string, unknown>;
}): TimelineEntry {
  return {
    sequence: event.sequence,
    type: event.type,
    at: new Date(Date.parse(event.occurredAt)).toISOString(),
    actor: event.actor,
    summary: summaryOf(event.type, event.details),
    details: event.details,
  };
}
