import type { OrderKind } from './intake';

/**
 * 工单分类: the categories of each kind (DOMAIN.md, from the field reports). Intake accepts
 * these only, so every order falls under a row of the policy; policy overrides name them too.
 */
export const orderCategories = {
  /** 微心愿 */
  wish: ['必需物资', '学习用品', '精神文化', '政策扶持', '就业指导', '其他'],
  /** 急难愁盼诉求 */
  concern: ['民生保障', '环境治理', '矛盾纠纷', '道路安全', '医疗', '就业', '水电气暖', '其他'],
  /** 帮扶需求 */
  assistance: ['产业扶持', '困难帮扶', '技能帮扶', '法律援助', '家政服务', '产品销售', '其他'],
  /** 意见建议 */
  suggestion: ['基层治理', '公共服务', '环境治理', '其他'],
} as const satisfies Record<OrderKind, readonly string[]>;

export function isOrderCategory(kind: OrderKind, category: string): boolean {
  return (orderCategories[kind] as readonly string[]).includes(category);
}
