import type { Consumer, Kafka } from 'kafkajs';
import { fromOrderEventRecord, type ReceivedOrderEvent } from '@lianxin/contracts';
import type { PlatformConfig } from './config';
import { resolveTopic, runConsumer } from './kafka';
import type { Logger } from './logger';
import { inSpan } from './telemetry';

/**
 * Consumes the order-event stream as a consumer group; each event is validated, handled inside a
 * span continuing its trace, and malformed records are logged and skipped (never retried forever).
 */
export async function consumeOrderEvents(
  kafka: Kafka,
  config: PlatformConfig,
  options: { groupId: string; log: Logger; handle: (event: ReceivedOrderEvent) => Promise<void> },
): Promise<Consumer> {
  return runConsumer(kafka, {
    groupId: `${config.kafka.topicPrefix}${options.groupId}`,
    topics: [resolveTopic(config, 'orderEvents')],
    log: options.log,
    handle: async (message, topic, partition) => {
      let event: ReceivedOrderEvent;
      try {
        event = fromOrderEventRecord(message);
      } catch (error) {
        options.log.warn({ topic, partition, offset: message.offset, err: error }, 'skipping malformed order event');
        return;
      }
      await inSpan(`consume ${event.type}`, () => options.handle(event), event.trace);
    },
  });
}
