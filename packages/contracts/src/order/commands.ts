import { z } from 'zod';

const reason = z.string().trim().min(1).max(500);
const note = z.string().trim().min(1).max(2000);
const photoRefs = z.array(z.string().trim().min(1).max(500)).max(20);
const isoInstant = z.iso.datetime({ offset: true });

/** Where an order goes: a party member, a party organisation or a social organisation. */
export const HandlerTarget = z.strictObject({
  kind: z.enum(['member', 'organisation', 'social_org']),
  id: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(50),
  /** The organisation a member belongs to (for members). */
  organisationId: z.string().trim().min(1).max(64).optional(),
});
export type HandlerTarget = z.infer<typeof HandlerTarget>;

export const CheckBackRating = z.enum(['satisfied', 'partly', 'unsatisfied']);
export type CheckBackRating = z.infer<typeof CheckBackRating>;

/**
 * Every command that changes an order, by intent (STYLE §3). The workflow exposes one
 * Temporal Update per command type; services validate HTTP bodies with the same schemas.
 */
export const orderCommandSchemas = {
  /** 受理 */
  accept: z.strictObject({ type: z.literal('accept'), note: note.optional() }),
  /** 不予受理 */
  reject: z.strictObject({ type: z.literal('reject'), reason }),
  /** 合并 into a duplicate */
  merge: z.strictObject({ type: z.literal('merge'), intoOrderId: z.string().trim().min(1).max(64), reason: reason.optional() }),
  /** 派单 (first receiver leads: 首接负责) */
  dispatch: z.strictObject({
    type: z.literal('dispatch'),
    target: HandlerTarget,
    coHandlers: z.array(HandlerTarget).max(5).default([]),
    note: note.optional(),
  }),
  /** 待认领: open the order for claiming */
  openForClaim: z.strictObject({ type: z.literal('openForClaim'), note: note.optional() }),
  /** 认领/接单 */
  claim: z.strictObject({ type: z.literal('claim') }),
  /** 签收 */
  sign: z.strictObject({ type: z.literal('sign') }),
  /** 退单 */
  return: z.strictObject({ type: z.literal('return'), reason }),
  /** 联系 */
  contact: z.strictObject({ type: z.literal('contact'), method: z.enum(['phone', 'visit', 'message']), note: note.optional() }),
  /** 民情日记 */
  addDiaryEntry: z.strictObject({ type: z.literal('addDiaryEntry'), text: note, photos: photoRefs.default([]) }),
  /** 办结 */
  resolve: z.strictObject({ type: z.literal('resolve'), summary: note, evidence: photoRefs.default([]) }),
  /** 解释说明 with 整改时限 */
  explain: z.strictObject({ type: z.literal('explain'), explanation: note, committedDeadline: isoInstant }),
  /** 延期 request */
  requestExtension: z.strictObject({ type: z.literal('requestExtension'), until: isoInstant, reason }),
  /** 延期 decision */
  decideExtension: z.strictObject({ type: z.literal('decideExtension'), approve: z.boolean(), note: note.optional() }),
  /** 挂起 */
  /** 挂起: stops every clock. `until`: when it ends by itself (at most the policy's limit; the limit when absent). */
  pause: z.strictObject({ type: z.literal('pause'), reason, until: isoInstant.optional() }),
  resume: z.strictObject({ type: z.literal('resume'), note: note.optional() }),
  /** 改派 */
  reassign: z.strictObject({ type: z.literal('reassign'), target: HandlerTarget, reason }),
  /** 催办 by a person */
  remind: z.strictObject({ type: z.literal('remind'), note: note.optional() }),
  /** 撤单 */
  cancel: z.strictObject({ type: z.literal('cancel'), reason }),
  /** 回访 */
  checkBack: z.strictObject({ type: z.literal('checkBack'), rating: CheckBackRating, comment: note.optional() }),
  /** The supervisor decides an order that hit the reopen cap: close it or hand it to someone else. */
  supervisorDecide: z.strictObject({
    type: z.literal('supervisorDecide'),
    decision: z.enum(['close', 'reassign']),
    target: HandlerTarget.optional(),
    note,
  }),
} as const;

export type OrderCommandType = keyof typeof orderCommandSchemas;
export const orderCommandTypes = Object.keys(orderCommandSchemas) as OrderCommandType[];

export const OrderCommand = z.discriminatedUnion('type', [
  orderCommandSchemas.accept,
  orderCommandSchemas.reject,
  orderCommandSchemas.merge,
  orderCommandSchemas.dispatch,
  orderCommandSchemas.openForClaim,
  orderCommandSchemas.claim,
  orderCommandSchemas.sign,
  orderCommandSchemas.return,
  orderCommandSchemas.contact,
  orderCommandSchemas.addDiaryEntry,
  orderCommandSchemas.resolve,
  orderCommandSchemas.explain,
  orderCommandSchemas.requestExtension,
  orderCommandSchemas.decideExtension,
  orderCommandSchemas.pause,
  orderCommandSchemas.resume,
  orderCommandSchemas.reassign,
  orderCommandSchemas.remind,
  orderCommandSchemas.cancel,
  orderCommandSchemas.checkBack,
  orderCommandSchemas.supervisorDecide,
]);
export type OrderCommand = z.infer<typeof OrderCommand>;
export type OrderCommandOf<T extends OrderCommandType> = Extract<OrderCommand, { type: T }>;
