import { z } from 'zod';

/**
 * What the audit trail keeps (see @lianxin/audit): the services append entries of this shape,
 * the trail validates them with the schema before chaining them.
 */

/** What happened: a sign-in, a command, a refusal, a reveal of personal data, an access denied. */
export const auditKinds = ['sign_in', 'command', 'refusal', 'reveal', 'access_denied'] as const;
export type AuditKind = (typeof auditKinds)[number];

/** One thing to remember: who did what to what, and how it ended. No personal data in `details`. */
export interface AuditEntry {
  kind: AuditKind;
  actor: { id: string; role?: string; organisationId?: string };
  action: string;
  outcome: 'allowed' | 'refused' | 'failed';
  target?: string;
  reason?: string;
  traceId?: string;
  details?: Record<string, string | number | boolean>;
}

const text = (max: number) => z.string().min(1).max(max);

/** The shape `append` accepts; bounded, so one entry cannot flood the trail. */
export const AuditEntrySchema = z.strictObject({
  kind: z.enum(auditKinds),
  actor: z.strictObject({ id: text(200), role: text(100).optional(), organisationId: text(200).optional() }),
  action: text(200),
  outcome: z.enum(['allowed', 'refused', 'failed']),
  target: text(500).optional(),
  reason: text(2000).optional(),
  traceId: text(100).optional(),
  details: z
    .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, '键只能包含字母、数字、_ 和 -'), z.union([z.string().max(2000), z.number(), z.boolean()]))
    .refine((details) => Object.keys(details).length <= 32, '最多 32 项')
    .optional(),
}) satisfies z.ZodType<AuditEntry>;
