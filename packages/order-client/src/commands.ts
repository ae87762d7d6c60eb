import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Actor, OrderCommand, OrderView } from '@lianxin/contracts';
import { getOrderState, orderUpdates, orderWorkflowType, type OrderStartInput } from './messages';

/**
 * How long a call to Temporal may take before it fails as `unavailable` (a 503 to HTTP
 * clients, who may retry with the same Idempotency-Key): starting an order, waiting for a
 * command's Update to be decided, reading state.
 */
export const temporalCallDeadlineMs = { start: 10_000, command: 15_000, query: 5_000 } as const;

const within = <T>(client: Client, ms: number, call: () => Promise<T>): Promise<T> => client.withDeadline(Date.now() + ms, call);

export interface StartOrderOptions extends OrderStartInput {
  taskQueue: string;
}

/**
 * Starts the order's workflow (workflow id = order id). An order id opens one order for ever:
 * while it runs, a second start joins it; once it has ended, no new run is started under that
 * id (an intake retried after 销号 or 撤单 stays the same order).
 */
export async function startOrder(client: Client, options: StartOrderOptions): Promise<void> {
  const { taskQueue, ...rest } = options;
  const input: OrderStartInput = {
    orderId: rest.orderId,
    intake: rest.intake,
    openedBy: rest.openedBy,
    ...(rest.trace ? { trace: rest.trace } : {}),
  };
  try {
    await within(client, temporalCallDeadlineMs.start, () => client.workflow.start(orderWorkflowType, {
      taskQueue,
      workflowId: options.orderId,
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [input],
      memo: { kind: options.intake.kind, category: options.intake.category },
    }));
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return; // ended: the order is still this one
    throw error;
  }
}

/** Sends one command as its Update and answers the order as it now stands. */
export async function sendOrderCommand(
  client: Client,
  orderId: string,
  command: OrderCommand,
  actor: Actor,
  /** A client's Idempotency-Key: Temporal applies an update id once per run. */
  updateId?: string,
): Promise<OrderView> {
  const handle = client.workflow.getHandle(orderId);
  return within(client, temporalCallDeadlineMs.command, () =>
    handle.executeUpdate(orderUpdates[command.type], { args: [{ command, actor }], ...(updateId ? { updateId } : {}) }),
  );
}

export async function queryOrder(client: Client, orderId: string): Promise<OrderView> {
  return within(client, temporalCallDeadlineMs.query, () => client.workflow.getHandle(orderId).query(getOrderState));
}
