import { z } from 'zod';
import { OrderStatus } from '@lianxin/contracts';

/**
 * The answer to 点单 (`POST /api/v1/orders`, 201, or 200 for a retry with the same
 * Idempotency-Key): the order number, its tracking code (查询码) — the resident's only way to
 * follow, cancel and rate it — its first status and where to follow it.
 */
export const IntakeReceipt = z.strictObject({
  id: z.string().meta({ description: '工单编号, e.g. `LX20261126-…`' }),
  trackingCode: z.string().meta({ description: '查询码, e.g. `7K3Q-X9MD`: sent back in `X-Tracking-Code`' }),
  status: OrderStatus,
  statusLabel: z.string(),
  links: z.strictObject({ self: z.string(), timeline: z.string() }),
});
export type IntakeReceipt = z.infer<typeof IntakeReceipt>;
