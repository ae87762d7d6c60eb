import {
  ApplicationFailure,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import type { Actor, IntakeOrder, OrderCommand, OrderView, TimelineEntry, TraceContext } from '@lianxin/contracts';
import { HttpProblem } from '@lianxin/platform';
import { getOrderState, getTimeline, orderUpdates, orderWorkflowType } from './messages';
import type { OrderWorkflowInput } from './order.workflow';

export interface StartOrderOptions {
  taskQueue: string;
  orderId: string;
  intake: IntakeOrder;
  openedBy: Actor;
  trace?: TraceContext;
}

/** Starts the order's workflow (workflow id = order id); starting it twice is harmless. */
export async function startOrder(client: Client, options: StartOrderOptions): Promise<void> {
  const input: OrderWorkflowInput = {
    orderId: options.orderId,
    intake: options.intake,
    openedBy: options.openedBy,
    ...(options.trace ? { trace: options.trace } : {}),
  };
  await client.workflow.start(orderWorkflowType, {
    taskQueue: options.taskQueue,
    workflowId: options.orderId,
    workflowIdConflictPolicy: 'USE_EXISTING',
    args: [input],
    memo: { kind: options.intake.kind, category: options.intake.category },
  });
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
  return handle.executeUpdate(orderUpdates[command.type], { args: [{ command, actor }], ...(updateId ? { updateId } : {}) });
}

export async function queryOrder(client: Client, orderId: string): Promise<OrderView> {
  return client.workflow.getHandle(orderId).query(getOrderState);
}

export async function queryTimeline(client: Client, orderId: string): Promise<TimelineEntry[]> {
  return client.workflow.getHandle(orderId).query(getTimeline);
}

const refusalStatus: Record<string, { status: number; title: string }> = {
  WrongState: { status: 409, title: '工单当前状态不允许此操作' },
  NotAllowed: { status: 403, title: '无权执行此操作' },
  NotYourOrder: { status: 403, title: '不是您经办的工单' },
  BadArguments: { status: 422, title: '命令参数不正确' },
  DeadlinePassed: { status: 409, title: '已超过时限' },
};

/** Maps a refused command or a missing order to a problem people can act on (STYLE §5). */
export function orderProblem(error: unknown, orderId: string): HttpProblem | undefined {
  if (error instanceof WorkflowNotFoundError) {
    return new HttpProblem(404, 'order-not-found', '工单不存在', `工单 ${orderId} 不存在或已归档`);
  }
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const code = error.cause.type ?? 'WrongState';
    const known = refusalStatus[code] ?? { status: 409, title: '操作被拒绝' };
    return new HttpProblem(known.status, code, known.title, error.cause.message, { refusal: code });
  }
  if (error instanceof Error && /workflow execution already completed/i.test(error.message)) {
    return new HttpProblem(409, 'WrongState', '工单已结束', `工单 ${orderId} 已结束，不能再操作`);
  }
  return undefined;
}
