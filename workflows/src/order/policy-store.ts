import type { Connection } from 'mongoose';
import { defaultOrderPolicy, OrderPolicySchema, type OrderPolicy } from './policy';

export const policyCollection = 'order_policies';

/**
 * The current order policy, read from the workflows database (document `_id: 'current'`), or
 * the shipped defaults when none is stored. An order keeps the policy it was opened under.
 */
export function policyFromDatabase(db: Connection): () => Promise<OrderPolicy> {
  return async () => {
    const stored = await db.collection(policyCollection).findOne({ _id: 'current' as never });
    if (!stored) return defaultOrderPolicy;
    const { _id, ...document } = stored;
    return OrderPolicySchema.parse(document);
  };
}
