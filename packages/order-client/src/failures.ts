import { ApplicationFailure, isGrpcServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';

/**
 * Why a call to an order's workflow failed, in the order domain's terms: no such order, the
 * order has ended, the command was refused (with the workflow's refusal code and zh-CN
 * message: WrongState, NotAllowed, OutOfScope, NotYourOrder, BadArguments, DeadlinePassed), or Temporal did
 * not answer in time (unreachable, overloaded, or past the call's deadline).
 */
export type OrderFailure =
  | { kind: 'unavailable'; orderId: string }
  | { kind: 'not-found'; orderId: string }
  | { kind: 'ended'; orderId: string }
  | { kind: 'refused'; orderId: string; code: string; message: string };

/** gRPC codes that mean "not now": DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, UNAVAILABLE. */
const notNowCodes = new Set([4, 8, 14]);

function isNotNow(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth += 1) {
    if (isGrpcServiceError(e) && notNowCodes.has(e.code)) return true;
  }
  return false;
}

/** Reads a Temporal client error as an OrderFailure; undefined for anything else (bugs). */
export function orderFailureOf(error: unknown, orderId: string): OrderFailure | undefined {
  if (isNotNow(error)) return { kind: 'unavailable', orderId };
  if (error instanceof WorkflowNotFoundError) return { kind: 'not-found', orderId };
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    return { kind: 'refused', orderId, code: error.cause.type ?? 'WrongState', message: error.cause.message };
  }
  if (error instanceof Error && /workflow execution already completed/i.test(error.message)) return { kind: 'ended', orderId };
  return undefined;
}
