import { z } from 'zod';
import { OrderSummary } from '@lianxin/contracts';
import { mainlandMobilePattern, normalisePhone } from '../intake/phone';

/** At most this many earlier orders in one answer (newest first); `total` tells how many there are. */
export const earlierOrdersShown = 20;

/**
 * The body of `POST /api/v1/orders/search-by-phone`: the caller's number as the agent typed it
 * (spaces, dashes and +86 do not matter). In the body, not the URL: addresses end up in logs.
 */
export const PhoneSearch = z.strictObject({
  phone: z
    .string()
    .max(32, '手机号格式不正确')
    .refine((phone) => mainlandMobilePattern.test(normalisePhone(phone)), '手机号格式不正确')
    .meta({ description: '群众手机号 · A mainland mobile number (11 digits; spaces, dashes, +86 allowed). Never stored: searched by its keyed hash', examples: ['13912345678'] }),
});
export type PhoneSearch = z.infer<typeof PhoneSearch>;

/** Its answer: the caller's earlier orders the searcher may read, as the work lists show orders (personal data masked). */
export const EarlierOrders = z.strictObject({
  items: z.array(OrderSummary).max(earlierOrdersShown).meta({ description: `最近的 ${earlierOrdersShown} 件，按受理时间从新到旧 · Newest first` }),
  total: z.number().int().nonnegative().meta({ description: '可查看的历史工单总数 · How many the searcher may read in all' }),
});
export type EarlierOrders = z.infer<typeof EarlierOrders>;
