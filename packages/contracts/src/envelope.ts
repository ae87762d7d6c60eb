import { CloudEvent, Kafka, type KafkaMessage } from 'cloudevents';
import { OrderEventData, orderEventId, type OrderEventData as OrderEventDataType } from './order/events';

export const orderEventSource = '/lianxin/workflows/order';

/** W3C trace context carried as the CloudEvents distributed-tracing extension. */
export interface TraceContext {
  traceparent?: string;
  tracestate?: string;
}

/** A Kafka record as kafkajs sends it (structured-mode CloudEvent, keyed by order id). */
export interface OrderEventRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Wraps validated order-event data in a CloudEvents 1.0 envelope. */
export function toOrderCloudEvent(data: OrderEventDataType, trace: TraceContext = {}): CloudEvent<OrderEventDataType> {
  const valid = OrderEventData.parse(data);
  return new CloudEvent<OrderEventDataType>({
    specversion: '1.0',
    id: orderEventId(valid.orderId, valid.sequence),
    source: orderEventSource,
    type: valid.type,
    subject: valid.orderId,
    time: valid.occurredAt,
    datacontenttype: 'application/json',
    data: valid,
    sequence: valid.sequence,
    partitionkey: valid.orderId,
    ...(trace.traceparent ? { traceparent: trace.traceparent } : {}),
    ...(trace.tracestate ? { tracestate: trace.tracestate } : {}),
  });
}

export function toOrderEventRecord(event: CloudEvent<OrderEventDataType>): OrderEventRecord {
  const message = Kafka.structured(event) as KafkaMessage<string>;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (typeof value === 'string') headers[name] = value;
  }
  return { key: String(message.key), value: message.value, headers };
}

export interface ReceivedOrderEvent {
  id: string;
  type: string;
  subject: string;
  sequence: number;
  trace: TraceContext;
  data: OrderEventDataType;
}

/** Reads a Kafka record back into a validated order event; throws on anything malformed. */
export function fromOrderEventRecord(record: {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}): ReceivedOrderEvent {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.headers ?? {})) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  const event = Kafka.toEvent({
    headers,
    key: record.key === null ? '' : String(record.key),
    value: record.value === null ? '' : String(record.value),
    body: record.value === null ? '' : String(record.value),
  } as KafkaMessage<string>) as CloudEvent<unknown>;
  const data = OrderEventData.parse(event.data);
  const traceparent = typeof event['traceparent'] === 'string' ? event['traceparent'] : undefined;
  const tracestate = typeof event['tracestate'] === 'string' ? event['tracestate'] : undefined;
  return {
    id: event.id,
    type: event.type,
    subject: event.subject ?? data.orderId,
    sequence: data.sequence,
    trace: { ...(traceparent ? { traceparent } : {}), ...(tracestate ? { tracestate } : {}) },
    data,
  };
}
