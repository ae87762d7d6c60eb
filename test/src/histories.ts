import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';

export const historiesDir = path.resolve(__dirname, '../histories');

/** The checked-in workflow histories, one JSON file per recorded path. */
export function checkedInHistories(): { file: string; workflowId: string; history: temporal.api.history.v1.History }[] {
  return readdirSync(historiesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      // Stored as the binary protobuf (base64) beside a readable list of its event types.
      const recorded = JSON.parse(readFileSync(path.join(historiesDir, file), 'utf8')) as { workflowId: string; history: string };
      const history = temporal.api.history.v1.History.decode(Buffer.from(recorded.history, 'base64'));
      return { file, workflowId: recorded.workflowId, history };
    });
}
