import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { z } from 'zod';
import { OrderEventType } from '@lianxin/contracts';
import type { WebhookTarget } from '../channels/channel';

/** Events a group robot hears about unless told otherwise: what needs the group's attention. */
export const defaultRobotEvents: OrderEventType[] = ['order.overdue', 'order.supervised', 'order.escalated', 'order.awaiting_supervisor'];

/** POST /api/v1/notification-webhooks: an organisation's group robot or a signed webhook. */
export const WebhookEndpointInput = z.strictObject({
  organisationId: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(60),
  format: z.enum(['wecom', 'dingtalk', 'feishu', 'generic']),
  url: z.url({ protocol: /^https?$/ }).max(500),
  /** DingTalk/Feishu 加签 secret, or the generic webhook's HMAC key (required for generic). */
  secret: z.string().min(8).max(200).optional(),
  events: z.array(OrderEventType).min(1).max(40).default(defaultRobotEvents),
}).refine((e) => e.format !== 'generic' || e.secret, { message: '通用 webhook 需要签名密钥 secret', path: ['secret'] });
export type WebhookEndpointInput = z.infer<typeof WebhookEndpointInput>;

/** As the API shows an endpoint: never its URL key or secret. */
export const WebhookEndpointView = z.strictObject({
  id: z.string(),
  organisationId: z.string(),
  name: z.string(),
  format: z.enum(['wecom', 'dingtalk', 'feishu', 'generic']),
  host: z.string(),
  signed: z.boolean(),
  events: z.array(OrderEventType),
  active: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
});

interface EndpointRecord {
  _id: string;
  organisationId: string;
  name: string;
  format: WebhookEndpointInput['format'];
  host: string;
  /** URL and secret sealed under the data keys (the URL of a WeCom robot is its key). */
  sealedTarget: string;
  signed: boolean;
  events: string[];
  active: boolean;
  createdBy: string;
  createdAt: Date;
}

const schema = new Schema<EndpointRecord>(
  {
    _id: String, organisationId: { type: String, index: true }, name: String, format: String, host: String,
    sealedTarget: String, signed: Boolean, events: [String], active: Boolean, createdBy: String, createdAt: Date,
  },
  { collection: 'notification_webhooks', versionKey: false },
);

export function webhookEndpointModel(db: Connection): Model<EndpointRecord> {
  return db.models['WebhookEndpoint'] ?? db.model<EndpointRecord>('WebhookEndpoint', schema);
}

export interface Sealer {
  seal(text: string, context: string): string;
  open(sealed: string, context: string): string;
}

export interface WebhookEndpoint {
  id: string;
  name: string;
  organisationId: string;
}

export const endpointView = (r: EndpointRecord): z.input<typeof WebhookEndpointView> => ({
  id: r._id, organisationId: r.organisationId, name: r.name, format: r.format, host: r.host, signed: r.signed, events: r.events as OrderEventType[], active: r.active, createdAt: r.createdAt.toISOString(),
});

export function webhookEndpoints(model: Model<EndpointRecord>, sealer: Sealer) {
  return {
    async create(input: WebhookEndpointInput, by: string): Promise<EndpointRecord> {
      const id = `wh-${randomUUID()}`;
      const target: WebhookTarget = { format: input.format, url: input.url, ...(input.secret ? { secret: input.secret } : {}) };
      const record: EndpointRecord = {
        _id: id, organisationId: input.organisationId, name: input.name, format: input.format, host: new URL(input.url).host,
        sealedTarget: sealer.seal(JSON.stringify(target), id), signed: Boolean(input.secret), events: input.events, active: true, createdBy: by, createdAt: new Date(),
      };
      await model.create(record);
      return record;
    },
    list: (organisationId?: string) => model.find({ active: true, ...(organisationId ? { organisationId } : {}) }).sort({ createdAt: 1 }).lean(),
    /** Retires an endpoint: deliveries already made keep their reference, none are made anew. */
    async retire(id: string): Promise<boolean> {
      return (await model.updateOne({ _id: id, active: true }, { $set: { active: false } })).modifiedCount > 0;
    },
    /** The active endpoints of these organisations subscribed to `eventType`. */
    async subscribed(organisationIds: string[], eventType: string): Promise<WebhookEndpoint[]> {
      if (organisationIds.length === 0) return [];
      const found = await model.find({ active: true, organisationId: { $in: organisationIds }, events: eventType }).lean();
      return found.map((r) => ({ id: r._id, name: r.name, organisationId: r.organisationId }));
    },
    /** The endpoint's URL and secret, to send (also to a retired one, for deliveries already made). */
    async target(id: string): Promise<WebhookTarget | undefined> {
      const found = await model.findById(id).lean();
      return found ? (JSON.parse(sealer.open(found.sealedTarget, id)) as WebhookTarget) : undefined;
    },
  };
}
export type WebhookEndpoints = ReturnType<typeof webhookEndpoints>;
