import { Client, Connection, type DataConverter } from '@temporalio/client';
import { decodeEncryptedPayloads, encryptingDataConverter } from '@lianxin/data-protection';
import type { PlatformConfig } from './config';

/**
 * The data converter of every Temporal client, worker and replayer: payloads are encrypted with
 * the key ring in `LIANXIN_PAYLOAD_KEYS` (cipher `LIANXIN_CIPHER`), so Temporal keeps no personal
 * data in clear; payloads written before encryption still decode. Throws when the ring is unusable.
 */
export function temporalDataConverter(env: NodeJS.ProcessEnv = process.env): DataConverter {
  return encryptingDataConverter(env);
}

/**
 * `history` (as fetched) with every payload that `dataConverter` encrypted decoded, in place: for
 * histories kept in the repository, which must replay without the keys they were recorded with.
 */
export async function decodeHistoryPayloads<T>(history: T, dataConverter: DataConverter): Promise<T> {
  let decoded = history;
  for (const codec of [...(dataConverter.payloadCodecs ?? [])].reverse()) decoded = await decodeEncryptedPayloads(decoded, codec);
  return decoded;
}

export async function connectTemporal(config: PlatformConfig, env: NodeJS.ProcessEnv = process.env): Promise<{ connection: Connection; client: Client }> {
  const dataConverter = temporalDataConverter(env);
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter });
  return { connection, client };
}

/** How long a readiness probe waits for Temporal. */
const probeDeadlineMs = 3_000;

export async function temporalReady(connection: Connection, namespace: string): Promise<boolean> {
  try {
    await connection.withDeadline(Date.now() + probeDeadlineMs, () => connection.workflowService.describeNamespace({ namespace }));
    return true;
  } catch {
    return false;
  }
}

/** A worker's long polls come back at least this often; one unseen for longer is gone. */
const pollerSeenWithinMs = 90_000;
const workflowTaskQueueType = 1; // temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW

/**
 * Whether a worker polls `taskQueue` now (seen within the last 90 s): without one, commands and
 * new orders would wait, so a service that sends them is not ready.
 */
export async function workerPolls(connection: Connection, namespace: string, taskQueue: string): Promise<boolean> {
  try {
    const { pollers } = await connection.withDeadline(Date.now() + probeDeadlineMs, () =>
      connection.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue }, taskQueueType: workflowTaskQueueType }),
    );
    const now = Date.now();
    return (pollers ?? []).some((poller) => {
      const seconds = Number(poller.lastAccessTime?.seconds ?? 0);
      return now - seconds * 1000 <= pollerSeenWithinMs;
    });
  } catch {
    return false;
  }
}
