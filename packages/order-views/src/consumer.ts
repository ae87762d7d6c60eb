import { fromOrderEventRecord, type ReceivedOrderEvent } from '@lianxin/contracts';
import { inSpan, UnreadableMessage, type BaseServiceResources, type ServiceResources, type TopicConsumer } from '@lianxin/platform';

/**
 * A consumer group over the order-event stream: each record is validated and handled inside a
 * span continuing its trace. A record that does not parse as an order event goes to the
 * dead-letter topic with the reason (never retried for ever, never dropped silently).
 */
export function orderEventConsumer<R extends BaseServiceResources = ServiceResources>(
  groupId: string,
  handle: (event: ReceivedOrderEvent, resources: R) => Promise<unknown>,
): TopicConsumer<R> {
  return {
    groupId,
    topics: ['orderEvents'],
    deadLetterTopic: 'orderEventsDeadLetter',
    handle: async (message, resources) => {
      let event: ReceivedOrderEvent;
      try {
        event = fromOrderEventRecord(message);
      } catch (error) {
        throw new UnreadableMessage(`not an order event: ${(error as Error).message}`);
      }
      await inSpan(`consume ${event.type}`, async () => {
        await handle(event, resources);
      }, event.trace);
    },
  };
}
