import { Worker } from '@temporalio/worker';
import { temporalDataConverter } from '@lianxin/platform';
import { quietTemporalRuntime } from '@lianxin/workflows';
import { checkedInHistories } from './histories';
import { orderWorkflowBundle } from './time-skipping';

/**
 * Histories recorded from each main path (test/histories, by `npm run histories:record`) must
 * replay cleanly against the current workflow code: a change that would break running orders
 * fails here unless it is behind `patched`. They replay through the payload codec, as a worker
 * does; they were recorded without encryption, which the codec leaves as it is.
 */
describe('replay of recorded order histories', () => {
  const histories = checkedInHistories();

  it('has histories checked in for the main paths', () => {
    expect(histories.map((h) => h.file)).toEqual(
      expect.arrayContaining(['closed-satisfied.json', 'escalated-unsigned.json', 'claim-fallback.json', 'cancelled.json', 'paused-auto-resumed.json', 'local-activities-escalated-closed.json']),
    );
  });

  it('replays every one without nondeterminism (Worker.runReplayHistories)', async () => {
    quietTemporalRuntime();
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowBundle: await orderWorkflowBundle(), dataConverter: temporalDataConverter() }, histories)) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(histories.length);
  });
});
