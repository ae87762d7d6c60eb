import { connectProducer, createKafka, createLogger, ensureTopics, resolveTopic, runConsumer } from '@lianxin/platform';
import { eventually, isolatedConfig } from './harness';

/**
 * A handler that fails the way fetch fails — a DOMException (TimeoutError) when the service it
 * asks is down — is retried until it succeeds; the consumer does not stop for good. (It did: the
 * chaos run left the notifications consumer dead behind 6,000 events while cadres restarted.)
 */
it('retries a handler that throws a DOMException, and goes on consuming', async () => {
  const config = isolatedConfig('consumerfail');
  const kafka = createKafka(config, 'consumer-failures-test');
  await ensureTopics(kafka, config, ['orderEvents']);
  const topic = resolveTopic(config, 'orderEvents');
  const producer = await connectProducer(kafka);
  await producer.send({ topic, messages: [{ key: 'a', value: 'first' }, { key: 'a', value: 'second' }] });
  await producer.disconnect();

  const handled: string[] = [];
  let failures = 0;
  const consumer = await runConsumer(kafka, {
    groupId: `${config.kafka.topicPrefix}consumer-failures`,
    topics: [topic],
    log: createLogger('test-consumer-failures', 'silent'),
    handle: async (message) => {
      if (String(message.value) === 'first' && failures < 3) {
        failures += 1;
        throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      }
      handled.push(String(message.value));
    },
  });
  try {
    await eventually(async () => (handled.length === 2 ? true : undefined), 60_000, 'both records handled after the failures');
    expect(handled).toEqual(['first', 'second']);
    expect(failures).toBe(3);
  } finally {
    await consumer.disconnect();
  }
});
