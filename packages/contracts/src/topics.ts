/** Kafka topic names, before the deployment's prefix (KAFKA_TOPIC_PREFIX). */
export const topicNames = {
  orderEvents: 'order.events',
} as const;
export type TopicName = keyof typeof topicNames;

export function topicName(prefix: string, name: TopicName): string {
  return `${prefix}${topicNames[name]}`;
}
