import { z } from 'zod';
import { IdempotencyKey } from '../problem';

/** The optional `Idempotency-Key` request header of intake and commands, as `idempotencyKeyOf` checks it. */
export const IdempotencyKeyHeaders = z.object({
  'Idempotency-Key': IdempotencyKey.optional().meta({
    description: 'Makes a retry apply once and answer the same, for the life of the order; the same key with another request is a 422',
  }),
});
