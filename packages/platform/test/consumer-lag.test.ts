import type { Admin } from 'kafkajs';
import { createLogger } from '../src/logger';
import { watchConsumerLag, type LagWatch } from '../src/consumer-lag';

/** The two admin calls the watch makes, answering from offsets the test moves. */
function offsetsAdmin(state: { committed: number[]; end: number[] }): Admin {
  return {
    fetchOffsets: async () => [{ topic: 't', partitions: state.committed.map((offset, partition) => ({ partition, offset: String(offset), metadata: null })) }],
    fetchTopicOffsets: async () => state.end.map((offset, partition) => ({ partition, offset: String(offset), high: String(offset), low: '0' })),
  } as unknown as Admin;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('consumer lag watch', () => {
  let watch: LagWatch | undefined;
  afterEach(() => watch?.stop());

  it('reports lag per partition and the total', async () => {
    const log = createLogger('lag-test', 'silent');
    watch = watchConsumerLag(offsetsAdmin({ committed: [5, -1], end: [9, 3] }), { groupId: 'g', topics: ['t'], log, intervalMs: 10 });
    await sleep(50);
    expect(watch.report()).toMatchObject({
      groupId: 'g',
      lag: 7,
      stuck: false,
      partitions: [
        { partition: 0, committed: 5, end: 9, lag: 4 },
        { partition: 1, committed: 0, end: 3, lag: 3 }, // nothing committed yet: from the low watermark
      ],
    });
  });

  it('calls a consumer stuck when its lag stops moving, logs it once, and clears it when it moves', async () => {
    const log = createLogger('lag-test', 'silent');
    const errors = jest.spyOn(log, 'error');
    const state = { committed: [5], end: [9] };
    watch = watchConsumerLag(offsetsAdmin(state), { groupId: 'g', topics: ['t'], log, intervalMs: 10, stuckAfterMs: 60 });
    await sleep(150);
    expect(watch.report().stuck).toBe(true);
    expect(errors).toHaveBeenCalledTimes(1);
    state.committed = [9];
    await sleep(50);
    expect(watch.report()).toMatchObject({ stuck: false, lag: 0 });
  });

  it('a consumer with nothing to do is never stuck', async () => {
    const log = createLogger('lag-test', 'silent');
    watch = watchConsumerLag(offsetsAdmin({ committed: [9], end: [9] }), { groupId: 'g', topics: ['t'], log, intervalMs: 10, stuckAfterMs: 20 });
    await sleep(100);
    expect(watch.report()).toMatchObject({ stuck: false, lag: 0 });
  });
});
