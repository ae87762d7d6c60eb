/**
 * What the reconciliation found: one problem per discrepancy (exit 1 if any), a few counts that
 * are worth knowing but harmless (duplicate records that consumers drop, changes still in flight),
 * and the table that sums them up.
 */
export const problemKinds = {
  lost: 'in the orders file, but no workflow',
  workflow_failed: 'workflow failed, terminated or timed out',
  state_unreadable: 'workflow found, but neither query nor result answered',
  events_missing: 'event sequences missing on Kafka (gap or tail)',
  events_ahead: 'events on Kafka beyond the workflow sequence',
  events_duplicated_in_effect: 'one fact published under two sequences, or one id with two contents',
  tracking_missing: 'tracking read model: no document',
  tracking_stale: 'tracking read model: sequence/status behind the workflow',
  tracking_wrong: 'tracking read model: sequence ahead of the workflow, or status differs at equal sequence',
  timeline_missing: 'timeline read model: no document',
  timeline_stale: 'timeline read model: lines missing for sequences the workflow recorded',
  timeline_wrong: 'timeline read model: a line twice, or beyond the workflow sequence',
  work_queue_missing: 'work queue: open order without a document',
  work_queue_stale: 'work queue: sequence/status behind, or ended order still listed',
  work_queue_wrong: 'work queue: sequence ahead of the workflow, or status differs at equal sequence',
  notification_missing: "notifications: no resident SMS for order.received although the order has a phone",
  notification_duplicated: 'notifications: same (event, channel, recipient) under two delivery ids',
  notification_stuck: 'notifications: queued/sending with dueAt more than 5 minutes past',
  notification_failed: 'notifications: failed or dead_lettered',
  escalation_missed: 'ladder clock overdue by more than 60 s, clock still below "overdue"',
} as const;
export type ProblemKind = keyof typeof problemKinds;

export interface Problem {
  orderId: string;
  kind: ProblemKind;
  detail: string;
}

/** Harmless findings, counted but not failing the run. */
export interface Notes {
  /** Records repeating an event id already seen (consumers drop them by id / sequence). */
  duplicateRecords: number;
  /** Orders with duplicate records. */
  ordersWithDuplicateRecords: number;
  /** Records on the topic that are not readable order events (the consumers dead-letter them). */
  unreadableRecords: number;
  /** Discrepancies "behind" the workflow on orders that changed within the grace period. */
  inFlight: number;
  /** Orders whose state came from the workflow result because the query did not answer. */
  fromResult: number;
  /** Deliveries per status, over the orders checked. */
  deliveriesByStatus: Record<string, number>;
  /** Whether the topic was read to its high watermarks (false: stopped on the idle timeout). */
  topicComplete: boolean;
  totalRecords: number;
}

export interface Summary {
  ordersChecked: number;
  eventsOnTopic: number;
  problems: Problem[];
  notes: Notes;
}

function countBy(problems: Problem[]): Map<ProblemKind, { problems: number; orders: Set<string> }> {
  const counts = new Map<ProblemKind, { problems: number; orders: Set<string> }>();
  for (const p of problems) {
    const entry = counts.get(p.kind) ?? { problems: 0, orders: new Set<string>() };
    entry.problems += 1;
    entry.orders.add(p.orderId);
    counts.set(p.kind, entry);
  }
  return counts;
}

function table(rows: [string, string | number, string | number][]): string {
  const header: [string, string, string] = ['check', 'orders', 'findings'];
  const all = [header, ...rows.map(([a, b, c]) => [a, String(b), String(c)] as [string, string, string])];
  const widths = [0, 1, 2].map((i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: [string, string, string]) => `  ${r[0].padEnd(widths[0]!)}  ${r[1].padStart(widths[1]!)}  ${r[2].padStart(widths[2]!)}`;
  const rule = `  ${'-'.repeat(widths[0]!)}  ${'-'.repeat(widths[1]!)}  ${'-'.repeat(widths[2]!)}`;
  return [line(header), rule, ...all.slice(1).map(line)].join('\n');
}

/** The table summary and the first `detailLimit` problems in detail. */
export function formatReport(summary: Summary, detailLimit = 20): string {
  const counts = countBy(summary.problems);
  const row = (label: string, kind: ProblemKind): [string, number, number] => [label, counts.get(kind)?.orders.size ?? 0, counts.get(kind)?.problems ?? 0];
  const { notes } = summary;
  const rows: [string, string | number, string | number][] = [
    ['orders checked', summary.ordersChecked, ''],
    row('lost (no workflow)', 'lost'),
    row('workflow failed/terminated', 'workflow_failed'),
    row('workflow state unreadable', 'state_unreadable'),
    row('events missing', 'events_missing'),
    row('events ahead of workflow', 'events_ahead'),
    row('events duplicated in effect', 'events_duplicated_in_effect'),
    ['duplicate records (harmless, deduped)', notes.ordersWithDuplicateRecords, notes.duplicateRecords],
    row('tracking missing', 'tracking_missing'),
    row('tracking stale', 'tracking_stale'),
    row('tracking wrong', 'tracking_wrong'),
    row('timeline missing', 'timeline_missing'),
    row('timeline stale', 'timeline_stale'),
    row('timeline wrong', 'timeline_wrong'),
    row('work queue missing', 'work_queue_missing'),
    row('work queue stale', 'work_queue_stale'),
    row('work queue wrong', 'work_queue_wrong'),
    row('notifications missing (resident SMS)', 'notification_missing'),
    row('notifications duplicated', 'notification_duplicated'),
    row('notifications stuck', 'notification_stuck'),
    row('notifications failed/dead-lettered', 'notification_failed'),
    row('escalations missed', 'escalation_missed'),
  ];
  const statuses = Object.entries(notes.deliveriesByStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([s, n]) => `${s} ${n}`)
    .join(', ');
  const out = [
    table(rows),
    '',
    `  topic: ${notes.totalRecords} records read${notes.topicComplete ? ' (to the high watermarks)' : ' (INCOMPLETE: stopped on idle timeout)'}, ` +
      `${summary.eventsOnTopic} for the orders checked, ${notes.unreadableRecords} unreadable`,
    `  deliveries: ${statuses || 'none'}`,
    `  in flight (behind, but changed within the grace period; not counted): ${notes.inFlight}`,
    ...(notes.fromResult > 0 ? [`  state taken from the workflow result (query did not answer): ${notes.fromResult}`] : []),
    '',
  ];
  if (summary.problems.length === 0) {
    out.push('OK: no problems found.');
  } else {
    const shown = summary.problems.slice(0, detailLimit);
    out.push(`${summary.problems.length} problem(s) in ${new Set(summary.problems.map((p) => p.orderId)).size} order(s); the first ${shown.length}:`);
    for (const p of shown) out.push(`  ${p.orderId}  ${p.kind}: ${p.detail}`);
  }
  return out.join('\n');
}
