import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';

/**
 * Why a call to an order's workflow failed, in the order domain's terms: no such order, the
 * order has ended, or the command was refused (with the workflow's refusal code and zh-CN
 * message: WrongState, NotAllowed, NotYourOrder, BadArguments, DeadlinePassed).
 */
export type OrderFailure =
  | { kind: 'not-found'; orderId: string }
  | { kind: 'ended'; orderId: string }
  | { kind: 'refused'; orderId: string; code: string; message: string };

/** Reads a Temporal client error as an OrderFailure; undefined for anything else (outages, bugs). */
export function orderFailureOf(error: unknown, orderId: string): OrderFailure | undefined {
  if (error instanceof WorkflowNotFoundError) return { kind: 'not-found', orderId };
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    return { kind: 'refused', orderId, code: error.cause.type ?? 'WrongState', message: error.cause.message };
  }
  if (error instanceof Error && /workflow execution already completed/i.test(error.message)) return { kind: 'ended', orderId };
  return undefined;
}
