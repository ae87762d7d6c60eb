import { Client, Connection } from '@temporalio/client';
import type { PlatformConfig } from './config';

export async function connectTemporal(config: PlatformConfig): Promise<{ connection: Connection; client: Client }> {
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
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
