import { fromOrderEventRecord, type ReceivedOrderEvent } from '@lianxin/contracts';
import { inSpan, type BaseServiceResources, type ServiceResources, type TopicConsumer } from '@lianxin/platform';

/**
 * A consumer group over the order-event stream: each record is validated and handled inside a
 * span continuing its trace; a malformed record is logged and skipped (never retried forever).
 */
export function orderEventConsumer<R extends BaseServiceResources = ServiceResources>(
  groupId: string,
  handle: (event: ReceivedOrderEvent, resources: R) => Promise<unknown>,
): TopicConsumer<R> {
  return {
    groupId,
    topics: ['orderEvents'],
    handle: async (message, resources) => {
      let event: ReceivedOrderEvent;
      try {
        event = fromOrderEventRecord(message);
      } catch (error) {
        resources.log.warn({ offset: message.offset, err: error }, 'skipping malformed order event');
        return;
      }
      await inSpan(`consume ${event.type}`, async () => {
        await handle(event, resources);
      }, event.trace);
    },
  };
}
