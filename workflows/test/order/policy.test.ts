import { defaultOrderPolicy, limitsFor, OrderPolicySchema, type OrderPolicy } from '../../src/order/policy';
import { minute, hour, day } from './builders';

describe('defaultOrderPolicy', () => {
  it('ships the 12345 resolution limits: 2 h / 24 h / 7 d / 15 d', () => {
    expect(defaultOrderPolicy.limits.emergency.resolveWithinMs).toBe(2 * hour);
    expect(defaultOrderPolicy.limits.utility.resolveWithinMs).toBe(24 * hour);
    expect(defaultOrderPolicy.limits.general.resolveWithinMs).toBe(7 * day);
    expect(defaultOrderPolicy.limits.complex.resolveWithinMs).toBe(15 * day);
  });

  it('ships sign and contact limits per urgency', () => {
    const { emergency, utility, general, complex } = defaultOrderPolicy.limits;
    expect([emergency, utility, general, complex].map((l) => l.signWithinMs)).toEqual([30 * minute, 2 * hour, 24 * hour, 24 * hour]);
    expect([emergency, utility, general, complex].map((l) => l.contactWithinMs)).toEqual([hour, 4 * hour, 48 * hour, 48 * hour]);
  });

  it('claims within 72 h, checks back within 7 d, reopens at most twice, warns at 75 %', () => {
    for (const limits of Object.values(defaultOrderPolicy.limits)) {
      expect(limits.claimWindowMs).toBe(72 * hour);
      expect(limits.checkBackWindowMs).toBe(7 * day);
      expect(limits.maxReopens).toBe(2);
      expect(limits.mode).toBe('dispatch');
    }
    expect(defaultOrderPolicy.escalation.warnAtFraction).toBe(0.75);
  });

  it('is a valid policy document', () => {
    expect(OrderPolicySchema.parse(defaultOrderPolicy)).toEqual(defaultOrderPolicy);
  });
});

describe('limitsFor', () => {
  it('offers wishes for claiming and everything else for dispatch', () => {
    expect(limitsFor(defaultOrderPolicy, { kind: 'wish', category: '学习用品', urgency: 'general' }).mode).toBe('claim');
    expect(limitsFor(defaultOrderPolicy, { kind: 'concern', category: '环境治理', urgency: 'general' }).mode).toBe('dispatch');
    expect(limitsFor(defaultOrderPolicy, { kind: 'assistance', category: '法律援助', urgency: 'general' }).mode).toBe('dispatch');
  });

  it('layers urgency row ← kind defaults ← category override', () => {
    const policy: OrderPolicy = {
      ...defaultOrderPolicy,
      kindDefaults: { ...defaultOrderPolicy.kindDefaults, wish: { mode: 'claim', resolveWithinMs: 10 * day, maxReopens: 1 } },
      categoryOverrides: { 必需物资: { resolveWithinMs: 3 * day, mode: 'dispatch' } },
    };
    const study = limitsFor(policy, { kind: 'wish', category: '学习用品', urgency: 'general' });
    expect(study).toMatchObject({ mode: 'claim', resolveWithinMs: 10 * day, maxReopens: 1, signWithinMs: 24 * hour });
    const supplies = limitsFor(policy, { kind: 'wish', category: '必需物资', urgency: 'general' });
    expect(supplies).toMatchObject({ mode: 'dispatch', resolveWithinMs: 3 * day, maxReopens: 1 });
    const urgent = limitsFor(policy, { kind: 'concern', category: '必需物资', urgency: 'emergency' });
    expect(urgent).toMatchObject({ mode: 'dispatch', resolveWithinMs: 3 * day, signWithinMs: 30 * minute, maxReopens: 2 });
  });

  it('ignores override keys explicitly set to undefined', () => {
    const policy: OrderPolicy = { ...defaultOrderPolicy, categoryOverrides: { 医疗: { resolveWithinMs: undefined } } };
    expect(limitsFor(policy, { kind: 'concern', category: '医疗', urgency: 'utility' }).resolveWithinMs).toBe(24 * hour);
  });
});

describe('OrderPolicySchema', () => {
  const document = JSON.parse(JSON.stringify(defaultOrderPolicy)) as Record<string, unknown>;

  it('fills missing kind defaults and category overrides', () => {
    const { kindDefaults: _k, categoryOverrides: _c, ...bare } = document;
    const parsed = OrderPolicySchema.parse(bare);
    expect(parsed.kindDefaults).toEqual({ wish: {}, concern: {}, assistance: {}, suggestion: {} });
    expect(parsed.categoryOverrides).toEqual({});
  });

  it('refuses a warning fraction of 1 or more', () => {
    const bad = { ...document, escalation: { ...defaultOrderPolicy.escalation, warnAtFraction: 1 } };
    expect(OrderPolicySchema.safeParse(bad).success).toBe(false);
  });

  it('refuses a ladder whose supervise step comes before its remind step', () => {
    const bad = { ...document, escalation: { ...defaultOrderPolicy.escalation, remindAfterMs: 2 * day, superviseAfterMs: day } };
    expect(OrderPolicySchema.safeParse(bad).success).toBe(false);
  });

  it('refuses unknown limit keys and non-positive limits', () => {
    const unknownKey = { ...document, categoryOverrides: { 医疗: { resolveWithinHours: 3 } } };
    expect(OrderPolicySchema.safeParse(unknownKey).success).toBe(false);
    const zero = { ...document, limits: { ...defaultOrderPolicy.limits, general: { ...defaultOrderPolicy.limits.general, signWithinMs: 0 } } };
    expect(OrderPolicySchema.safeParse(zero).success).toBe(false);
  });

  it('accepts a policy without an accept limit', () => {
    const { acceptWithinMs: _a, ...general } = defaultOrderPolicy.limits.general;
    const parsed = OrderPolicySchema.parse({ ...document, limits: { ...defaultOrderPolicy.limits, general } });
    expect(parsed.limits.general.acceptWithinMs).toBeUndefined();
  });
});
