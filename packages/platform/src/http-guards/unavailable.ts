import { isGrpcServiceError } from '@temporalio/client';
import { HttpProblem, unavailableProblem } from '../problem';

/**
 * Which server a request needed and could not reach: the MongoDB-compatible store, Temporal, or
 * another server whose connection broke under it (a socket refused, reset or ended mid-request).
 */
export type Unavailable = 'store' | 'engine' | 'connection';

/** Driver and mongoose errors that mean "cannot reach the database now" (not "it said no"). */
const storeUnreachableNames = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
  'MongoClientClosedError',
  'MongoPoolClearedError',
  'MongoPoolClosedError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
]);

/**
 * Server error codes that mean "not now" (the driver's retryable set): host unreachable, network
 * timeout, shutting down, primary stepped down or not primary, interrupted by a replica-set change.
 */
const storeNotNowCodes = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

/**
 * FerretDB passes its PostgreSQL's failures on as a plain MongoServerError: the backend cannot be
 * reached (`failed to connect`), or is starting, shutting down or went away — SQLSTATE class 08
 * (connection exception) and 57P01–57P03 (admin/crash shutdown, cannot connect now).
 */
const backendNotNow = /failed to connect to|SQLSTATE (08\w{3}|57P0[123])\)/;

/**
 * gRPC codes from Temporal that mean "not now": CANCELLED (our own call deadline cut it, e.g. a
 * start while the server restarts), DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, UNAVAILABLE.
 */
const engineNotNowCodes = new Set([1, 4, 8, 14]);

/**
 * Node's socket errors: the connection to some server was refused, reset, timed out or ended by
 * the other side while the request needed it (the MongoDB driver lets "This socket has been ended
 * by the other party" through unwrapped when FerretDB is killed mid-write).
 */
const socketNotNowCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN', 'ECONNABORTED', 'ERR_SOCKET_CLOSED', 'ERR_STREAM_WRITE_AFTER_END']);

function unavailableOne(error: unknown): Unavailable | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown };
  if (typeof name === 'string' && storeUnreachableNames.has(name)) return 'store';
  // mongoose queues operations while disconnected and fails them after bufferTimeoutMS.
  if (name === 'MongooseError' && typeof message === 'string' && /buffering timed out/.test(message)) return 'store';
  if (name === 'MongoServerError' && typeof code === 'number' && storeNotNowCodes.has(code)) return 'store';
  if (name === 'MongoServerError' && typeof message === 'string' && backendNotNow.test(message)) return 'store';
  if (isGrpcServiceError(error) && engineNotNowCodes.has(error.code)) return 'engine';
  // An Update whose call ran past its deadline or was cut (the server went away): not answered, not refused.
  if (name === 'WorkflowUpdateRPCTimeoutOrCancelledError') return 'engine';
  if (typeof code === 'string' && socketNotNowCodes.has(code)) return 'connection';
  return undefined;
}

/** Whether `error` (or what caused it, a few levels down) means the store or Temporal does not answer now. */
export function unavailableOf(error: unknown): Unavailable | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const found = unavailableOne(e);
    if (found) return found;
  }
  return undefined;
}

/** 503 with `Retry-After` for a request that failed because the store or Temporal does not answer. */
export function unavailableServerProblem(error: unknown): HttpProblem | undefined {
  switch (unavailableOf(error)) {
    case 'store':
      return unavailableProblem('store-unavailable', '数据存储暂不可用', '暂时无法读写数据，请稍后重试');
    case 'engine':
      return unavailableProblem('engine-unavailable', '工单引擎暂不可用', '暂时无法处理，请稍后重试');
    case 'connection':
      return unavailableProblem('dependency-unavailable', '依赖服务暂不可用', '与后端服务的连接中断，请稍后重试');
    case undefined:
      return undefined;
  }
}
