import { isOrderCategory, orderCategories, type IntakeOrder } from '@lianxin/contracts';
import { HttpProblem } from '@lianxin/platform';
import type { RegisterLookup } from './register-client';

interface UnknownReference {
  field: string;
  value: string;
  message: string;
  allowed: unknown[];
}

/**
 * An order must name things that exist: a category of its kind (the catalogue the policy is
 * written against) and, when given, a grid and an organisation of the register. Otherwise it is
 * refused with 422 and the allowed values, instead of opening an order no one can ever take.
 */
export async function checkReferences(intake: IntakeOrder, register: RegisterLookup): Promise<void> {
  const unknown: UnknownReference[] = [];
  if (!isOrderCategory(intake.kind, intake.category)) {
    unknown.push({ field: 'category', value: intake.category, message: `「${intake.category}」不是此类工单的分类`, allowed: [...orderCategories[intake.kind]] });
  }
  const { gridId, organisationId } = intake.location;
  const [gridKnown, organisationKnown] = await Promise.all([
    gridId ? register.has('grids', gridId) : true,
    organisationId ? register.has('organisations', organisationId) : true,
  ]);
  if (!gridKnown) unknown.push({ field: 'location.gridId', value: gridId!, message: `网格 ${gridId} 不在名册中`, allowed: await register.choices('grids') });
  if (!organisationKnown) {
    unknown.push({ field: 'location.organisationId', value: organisationId!, message: `党组织 ${organisationId} 不在名册中`, allowed: await register.choices('organisations') });
  }
  if (unknown.length > 0) {
    throw new HttpProblem(422, 'unknown-reference', '工单引用了不存在的分类、网格或党组织', unknown.map((u) => u.message).join('; '), {
      errors: unknown.map(({ field, value, message, allowed }) => ({ path: field, value, message, allowed })),
    });
  }
}
