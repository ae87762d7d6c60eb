import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';

export const historiesDir = path.resolve(__dirname, '../histories');

/** The checked-in workflow histories, one JSON file per recorded path. */
export function checkedInHistories(): { file: string; workflowId: string; history: ReturnType<typeof historyFromJSON> }[] {
  return readdirSync(historiesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const recorded = JSON.parse(readFileSync(path.join(historiesDir, file), 'utf8')) as { workflowId: string; history: unknown };
      return { file, workflowId: recorded.workflowId, history: historyFromJSON(recorded.history) };
    });
}
