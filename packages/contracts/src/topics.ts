/** Kafka topic names, before the deployment's prefix (KAFKA_TOPIC_PREFIX). */
export const topicNames = {
  orderEvents: 'order.events',
  /** Order events no consumer could read (malformed, or an unknown shape), with the reason in headers. */
  orderEventsDeadLetter: 'order.events.dead-letter',
} as const;
export type TopicName = keyof typeof topicNames;

export function topicName(prefix: string, name: TopicName): string {
  return `${prefix}${topicNames[name]}`;
}
