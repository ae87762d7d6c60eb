import { z } from 'zod';

/** Why a person hears about an order: their part in it. */
export const RecipientRole = z.enum(['resident', 'handler', 'co_handler', 'dispatcher', 'supervisor', 'upper_level', 'claim_candidate', 'robot']);
export type RecipientRole = z.infer<typeof RecipientRole>;

/** Who a notice is for: a person of the register, a resident (by order), or an organisation's robot/webhook. */
export const Recipient = z.strictObject({
  kind: z.enum(['resident', 'member', 'social_org', 'webhook']),
  /** Member or social organisation id; `resident:<orderId>` for a resident; the webhook endpoint's id. */
  id: z.string(),
  name: z.string(),
  role: RecipientRole,
});
export type Recipient = z.infer<typeof Recipient>;

/** The resident of an order as a recipient id (the same id their tracking-code actor has). */
export const residentRecipientId = (orderId: string) => `resident:${orderId}`;
