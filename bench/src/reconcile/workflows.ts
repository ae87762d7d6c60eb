import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { finalOrderStatuses, type OrderView } from '@lianxin/contracts';
import { queryOrder } from '@lianxin/order-client';
import { orderWorkflowType } from '@lianxin/order-client/messages';
import type { Problem } from './report';

/** One order as its workflow knows it. */
export interface WorkflowState {
  orderId: string;
  /** False: no workflow with this id in the namespace. */
  found: boolean;
  /** Temporal's execution status of the latest run: RUNNING, COMPLETED, FAILED, TERMINATED … */
  executionStatus?: string;
  /** The order as `getOrderState` answers it (or the workflow's result once it has completed). */
  view?: OrderView;
  source?: 'query' | 'result';
  /** Why neither the query nor the result answered. */
  error?: string;
  /** When the state was taken (epoch ms): what its clocks are judged at. */
  readAt?: number;
}

export const failedExecutionStatuses = ['FAILED', 'TERMINATED', 'TIMED_OUT', 'CANCELLED'];

export const isFinal = (view: OrderView) => finalOrderStatuses.includes(view.status);

/** Runs `task` over `items` with at most `limit` in flight. */
export async function inParallel<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** Order ids of the order workflows started after `since` (newest first as Temporal lists them), at most `limit`. */
export async function listOrderIds(client: Client, since: Date, limit?: number): Promise<string[]> {
  const ids = new Set<string>();
  const query = `WorkflowType = '${orderWorkflowType}' AND StartTime > '${since.toISOString()}'`;
  for await (const execution of client.workflow.list({ query })) {
    ids.add(execution.workflowId);
    if (limit !== undefined && ids.size >= limit) break;
  }
  return [...ids];
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** How long the workflow result may take to come back for a closed run. */
const resultDeadlineMs = 10_000;

/**
 * The state of one order: describe (execution status), then the query (which a closed workflow
 * still answers while a worker runs); if the query does not answer and the run has completed,
 * the workflow's result, which is the order's last view.
 */
export async function readWorkflow(client: Client, orderId: string): Promise<WorkflowState> {
  const handle = client.workflow.getHandle(orderId);
  let executionStatus: string;
  try {
    executionStatus = (await handle.describe()).status.name;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { orderId, found: false };
    return { orderId, found: true, error: `describe: ${message(error)}` };
  }
  try {
    return { orderId, found: true, executionStatus, view: await queryOrder(client, orderId), source: 'query', readAt: Date.now() };
  } catch (queryError) {
    if (executionStatus !== 'COMPLETED') return { orderId, found: true, executionStatus, error: `query: ${message(queryError)}` };
    try {
      const view = await client.withDeadline(Date.now() + resultDeadlineMs, () => handle.result() as Promise<OrderView>);
      return { orderId, found: true, executionStatus, view, source: 'result', readAt: Date.now() };
    } catch (resultError) {
      return { orderId, found: true, executionStatus, error: `query: ${message(queryError)}; result: ${message(resultError)}` };
    }
  }
}

export async function readWorkflows(client: Client, ids: readonly string[], concurrency: number): Promise<Map<string, WorkflowState>> {
  const states = new Map<string, WorkflowState>();
  await inParallel(ids, concurrency, async (id) => {
    states.set(id, await readWorkflow(client, id));
  });
  return states;
}

/** A ladder clock this long past its due time should have fired "overdue". */
export const escalationSlackMs = 60_000;
const ladderClocks = ['accept', 'sign', 'contact', 'resolve'];
const belowOverdue = ['none', 'warning'];

/**
 * The workflow itself: found (for ids from a file), not failed, its state readable; and its
 * escalation: a running ladder clock (accept, sign, contact, resolve; not paused) more than 60 s
 * past due, at the moment the state was taken, whose level is still below "overdue" missed its step.
 */
export function checkWorkflow(state: WorkflowState, now: number): Problem[] {
  const orderId = state.orderId;
  if (!state.found) return [{ orderId, kind: 'lost', detail: 'no workflow with this id' }];
  const problems: Problem[] = [];
  if (state.executionStatus && failedExecutionStatuses.includes(state.executionStatus)) {
    problems.push({ orderId, kind: 'workflow_failed', detail: `execution ${state.executionStatus}` });
  }
  if (!state.view) {
    problems.push({ orderId, kind: 'state_unreadable', detail: state.error ?? 'no state' });
    return problems;
  }
  if (isFinal(state.view)) return problems;
  for (const clock of state.view.clocks) {
    if (!ladderClocks.includes(clock.name) || clock.remainingMsWhilePaused !== undefined) continue;
    const late = (state.readAt ?? now) - Date.parse(clock.dueAt);
    if (late > escalationSlackMs && belowOverdue.includes(clock.level)) {
      problems.push({
        orderId,
        kind: 'escalation_missed',
        detail: `clock ${clock.name} due ${clock.dueAt} (${Math.round(late / 1000)} s ago), clock level ${clock.level}, order level ${state.view.escalationLevel}`,
      });
    }
  }
  return problems;
}
