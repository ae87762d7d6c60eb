import type { OrderKind, Urgency } from '@lianxin/contracts';

/**
 * The attributes of a GeoReport service definition (`attribute[code]=value` on POST), as data.
 * Every service takes an optional 紧急程度 (`urgency`, the order's urgency); wishes also take the
 * key populations the resident belongs to (`key_population`, 重点人群). Option keys are stable
 * ASCII; names are what people read (zh-CN).
 */
export const attributeDatatypes = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type AttributeDatatype = (typeof attributeDatatypes)[number];

export interface AttributeValue {
  key: string;
  name: string;
}

export interface AttributeDefinition {
  code: string;
  datatype: AttributeDatatype;
  /** Needs the user's input (true) or only informs (false). */
  variable: boolean;
  required: boolean;
  datatypeDescription: string | null;
  /** Position in the form, from 1. */
  order: number;
  description: string;
  values: readonly AttributeValue[];
}

/** 紧急程度 → the order's urgency, which picks its time limits (policy). */
export const urgencyValues: readonly (AttributeValue & { key: Urgency })[] = [
  { key: 'emergency', name: '紧急（危及安全，需立即处置）' },
  { key: 'utility', name: '较急（水电气暖等影响基本生活）' },
  { key: 'general', name: '一般' },
  { key: 'complex', name: '复杂（涉及多方，需较长时间协调）' },
];

/** 重点人群 (DOMAIN.md), as the order records them (the zh-CN name). */
export const keyPopulationValues: readonly AttributeValue[] = [
  { key: 'elderly', name: '60岁以上老人' },
  { key: 'living-alone', name: '独居老人' },
  { key: 'seriously-ill', name: '重症病人' },
  { key: 'disabled', name: '残疾人' },
  { key: 'low-income', name: '低保家庭' },
  { key: 'member-in-hardship', name: '困难党员' },
  { key: 'veteran-member', name: '老党员' },
  { key: 'retired-cadre', name: '老干部' },
  { key: 'left-behind-child', name: '留守儿童' },
  { key: 'martyr-family', name: '因公牺牲党员干部家属' },
  { key: 'illness-poverty', name: '因病致贫' },
];

export const urgencyAttribute: AttributeDefinition = {
  code: 'urgency',
  datatype: 'singlevaluelist',
  variable: true,
  required: false,
  datatypeDescription: '不填时按「一般」办理',
  order: 1,
  description: '紧急程度：决定受理、签收与办结的时限',
  values: urgencyValues,
};

export const keyPopulationAttribute: AttributeDefinition = {
  code: 'key_population',
  datatype: 'multivaluelist',
  variable: true,
  required: false,
  datatypeDescription: '可多选',
  order: 2,
  description: '心愿人所属的重点人群（如有）',
  values: keyPopulationValues,
};

/** The attributes of each kind's services, in form order. */
export const attributesByKind: Record<OrderKind, readonly AttributeDefinition[]> = {
  wish: [urgencyAttribute, keyPopulationAttribute],
  concern: [urgencyAttribute],
  assistance: [urgencyAttribute],
  suggestion: [urgencyAttribute],
};

/** What a submission's `attribute[...]` amount to, checked against the definition. */
export type AttributeAnswers = ReadonlyMap<string, readonly string[]>;

/**
 * Checks the submitted attributes (code → one value or several) against the definitions:
 * known codes only, list values among the keys, one value for a single-value list, the required
 * ones present. Returns the answers by code, or the problems found (zh-CN, one per problem).
 */
export function checkAttributes(
  definitions: readonly AttributeDefinition[],
  submitted: Readonly<Record<string, readonly string[]>>,
): { answers: AttributeAnswers; problems: string[] } {
  const problems: string[] = [];
  const answers = new Map<string, readonly string[]>();
  for (const [code, values] of Object.entries(submitted)) {
    const definition = definitions.find((candidate) => candidate.code === code);
    if (!definition) {
      problems.push(`attribute[${code}]：此服务没有这一属性（可用：${definitions.map((d) => d.code).join('、') || '无'}）`);
      continue;
    }
    const given = values.map((value) => value.trim()).filter((value) => value !== '');
    if (given.length === 0) continue;
    if (definition.datatype === 'singlevaluelist' && given.length > 1) {
      problems.push(`attribute[${code}]：只能选一项`);
      continue;
    }
    if (definition.datatype === 'singlevaluelist' || definition.datatype === 'multivaluelist') {
      const unknown = given.filter((value) => !definition.values.some((option) => option.key === value));
      if (unknown.length > 0) {
        problems.push(`attribute[${code}]：「${unknown.join('、')}」不是可选值（可选：${definition.values.map((option) => option.key).join('、')}）`);
        continue;
      }
    }
    answers.set(code, [...new Set(given)]);
  }
  for (const definition of definitions) {
    if (definition.required && !answers.has(definition.code)) problems.push(`attribute[${definition.code}]：必填（${definition.description}）`);
  }
  return { answers, problems };
}

/** The name of a list option by its key (what the order records). */
export function optionName(definition: AttributeDefinition, key: string): string {
  return definition.values.find((option) => option.key === key)?.name ?? key;
}
