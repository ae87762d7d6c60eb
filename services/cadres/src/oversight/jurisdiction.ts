import { HttpProblem } from '@lianxin/platform';

/** The organisation a caller oversees from (their subtree's root); refused without one. */
export function jurisdictionOfCaller(principal: { organisationId?: string }): string {
  if (!principal.organisationId) throw new HttpProblem(403, 'OutOfScope', '不在管辖范围内', '您的账号没有所属党组织');
  return principal.organisationId;
}
