import { z } from 'zod';

/** 工单类型: 微心愿 / 急难愁盼诉求 / 帮扶需求 / 意见建议 */
export const OrderKind = z.enum(['wish', 'concern', 'assistance', 'suggestion']);
export type OrderKind = z.infer<typeof OrderKind>;

/** 紧急程度 — maps to the default time limits (2 h / 24 h / 7 d / 15 d). */
export const Urgency = z.enum(['emergency', 'utility', 'general', 'complex']);
export type Urgency = z.infer<typeof Urgency>;

/** 来源渠道 */
export const Channel = z.enum(['hotline', 'web', 'wish_card', 'cadre_visit', 'grid_visit', 'open311']);
export type Channel = z.infer<typeof Channel>;

export const ResidentContact = z.strictObject({
  name: z.string().trim().min(1).max(30),
  /** 手机号 (mainland mobile) — personal data: never logged. */
  phone: z.string().regex(/^1[3-9]\d{9}$/, '手机号格式不正确').optional(),
  keyPopulations: z.array(z.string().trim().min(1).max(30)).max(10).default([]),
});
export type ResidentContact = z.infer<typeof ResidentContact>;

export const OrderLocation = z.strictObject({
  address: z.string().trim().min(1).max(200).optional(),
  gridId: z.string().trim().min(1).max(64).optional(),
  /** 村(社区)党组织 responsible for the place, when known. */
  organisationId: z.string().trim().min(1).max(64).optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
});
export type OrderLocation = z.infer<typeof OrderLocation>;

/** Body of POST /api/v1/orders — 点单. */
export const IntakeOrder = z.strictObject({
  kind: OrderKind,
  category: z.string().trim().min(1).max(30),
  urgency: Urgency.default('general'),
  title: z.string().trim().min(1).max(100),
  description: z.string().trim().min(1).max(2000),
  channel: Channel,
  resident: ResidentContact,
  location: OrderLocation.default({}),
  attachments: z.array(z.string().trim().min(1).max(500)).max(20).default([]),
});
export type IntakeOrder = z.infer<typeof IntakeOrder>;
export type IntakeOrderInput = z.input<typeof IntakeOrder>;

/** 工单编号 in paths (`/api/v1/orders/:id`). */
export const OrderIdParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '工单编号格式不正确') });
