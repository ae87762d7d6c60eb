import { orderCategories, type OrderKind } from '@lianxin/contracts';
import { attributesByKind, type AttributeDefinition } from './attributes';

/**
 * The GeoReport services: one per (kind, category) of the order catalogue
 * (`packages/contracts/src/order/catalogue.ts`). A service code is `<kind>.<slug>` — the kind's
 * English word and an English slug of the category, e.g. `concern.road-safety` for 急难愁盼诉求 ·
 * 道路安全 — written down here rather than derived from positions, so codes stay the same when
 * the catalogue grows or is reordered. The table's type requires a slug for every category, so
 * a new category does not compile until it has one; a slug, once published, is never changed.
 */
const categorySlugs: { [K in OrderKind]: Record<(typeof orderCategories)[K][number], string> } = {
  wish: {
    必需物资: 'daily-necessities',
    学习用品: 'school-supplies',
    精神文化: 'culture',
    政策扶持: 'policy-support',
    就业指导: 'job-guidance',
    其他: 'other',
  },
  concern: {
    民生保障: 'livelihood',
    环境治理: 'environment',
    矛盾纠纷: 'disputes',
    道路安全: 'road-safety',
    医疗: 'medical',
    就业: 'employment',
    水电气暖: 'utilities',
    其他: 'other',
  },
  assistance: {
    产业扶持: 'industry-support',
    困难帮扶: 'hardship-relief',
    技能帮扶: 'skills-training',
    法律援助: 'legal-aid',
    家政服务: 'housekeeping',
    产品销售: 'product-sales',
    其他: 'other',
  },
  suggestion: {
    基层治理: 'local-governance',
    公共服务: 'public-services',
    环境治理: 'environment',
    其他: 'other',
  },
};

/** Each kind's label (the service group) and what happens to what is submitted under it. */
export const kindLabels: Record<OrderKind, string> = {
  wish: '微心愿',
  concern: '急难愁盼诉求',
  assistance: '帮扶需求',
  suggestion: '意见建议',
};

/** What the jurisdiction does with a request of each kind (a service's description and notice). */
export const kindNotices: Record<OrderKind, string> = {
  wish: '微心愿经受理后开放给党员认领，认领党员联系心愿人并帮助实现，完成后回访。',
  concern: '诉求由属地党组织受理并派单，党员签收、联系并办理，办结后回访。',
  assistance: '帮扶需求由属地党组织受理并派给党员或社会力量办理，办结后回访。',
  suggestion: '意见建议由属地党组织受理、研究并答复，件件有记录、事事有回应。',
};

export interface Open311Service {
  code: string;
  kind: OrderKind;
  category: string;
  group: string;
  description: string;
  keywords: readonly string[];
  attributes: readonly AttributeDefinition[];
}

/**
 * When the list of services or their definitions last changed (discovery's `changeset`, which
 * tells clients to refresh what they cache): set it to the day of any change to the catalogue,
 * the slugs or the attributes.
 */
export const servicesChangeset = '2026-11-26T00:00:00Z';

const kinds = Object.keys(categorySlugs) as OrderKind[];

export const open311Services: readonly Open311Service[] = kinds.flatMap((kind) =>
  (orderCategories[kind] as readonly string[]).map((category) => ({
    code: `${kind}.${(categorySlugs[kind] as Record<string, string>)[category]}`,
    kind,
    category,
    group: kindLabels[kind],
    description: `${kindLabels[kind]}·${category}。${kindNotices[kind]}`,
    keywords: [category, kindLabels[kind], kind],
    attributes: attributesByKind[kind],
  })),
);

const byCode = new Map(open311Services.map((service) => [service.code, service]));

export function serviceByCode(code: string): Open311Service | undefined {
  return byCode.get(code);
}

/** The service an order falls under; undefined for a category no longer in the catalogue. */
export function serviceOf(kind: OrderKind, category: string): Open311Service | undefined {
  const slug = (categorySlugs[kind] as Record<string, string>)[category];
  return slug ? byCode.get(`${kind}.${slug}`) : undefined;
}
