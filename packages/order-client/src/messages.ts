import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, IntakeOrder, OrderCommand, OrderCommandType, OrderView } from '@lianxin/contracts/order';
import type { TraceContext } from '@lianxin/contracts';

/** What every command Update carries: the command and who gives it. */
export interface CommandRequest {
  command: OrderCommand;
  actor: Actor;
}

function commandUpdate(type: OrderCommandType) {
  return defineUpdate<OrderView, [CommandRequest]>(type);
}

/**
 * Imported by the workflow (inside its sandbox) and by every client, so it holds definitions
 * only: `@temporalio/workflow`'s define* functions build plain descriptors, safe outside it.
 *
 * One Temporal Update per command (named like the command type), shared by the workflow and
 * the services that send them. Validators refuse before anything is recorded.
 */
export const orderUpdates = {
  accept: commandUpdate('accept'),
  reject: commandUpdate('reject'),
  merge: commandUpdate('merge'),
  dispatch: commandUpdate('dispatch'),
  openForClaim: commandUpdate('openForClaim'),
  claim: commandUpdate('claim'),
  sign: commandUpdate('sign'),
  return: commandUpdate('return'),
  contact: commandUpdate('contact'),
  addDiaryEntry: commandUpdate('addDiaryEntry'),
  resolve: commandUpdate('resolve'),
  explain: commandUpdate('explain'),
  requestExtension: commandUpdate('requestExtension'),
  decideExtension: commandUpdate('decideExtension'),
  pause: commandUpdate('pause'),
  resume: commandUpdate('resume'),
  reassign: commandUpdate('reassign'),
  remind: commandUpdate('remind'),
  cancel: commandUpdate('cancel'),
  checkBack: commandUpdate('checkBack'),
  supervisorDecide: commandUpdate('supervisorDecide'),
} satisfies Record<OrderCommandType, ReturnType<typeof commandUpdate>>;

/** Current state: status, handler, deadlines, escalation level. */
export const getOrderState = defineQuery<OrderView>('getOrderState');

export const orderWorkflowType = 'orderWorkflow';

/** What starts an order's workflow (workflow id = order id). */
export interface OrderStartInput {
  orderId: string;
  intake: IntakeOrder;
  openedBy: Actor;
  /** W3C trace context of the request that opened the order; carried on its events. */
  trace?: TraceContext;
}
