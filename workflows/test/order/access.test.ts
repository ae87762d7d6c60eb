import type { Actor } from '@lianxin/contracts/order';
import { at, command, expectAllowed, expectRefused, open, people } from './builders';

/**
 * The workflow's half of who may do what: the role × command table (contracts' access.ts), the
 * order's scope (its organisation path) and the resident's ownership — refused here even if a
 * caller got past a service.
 */
const scope = ['org-village', 'org-town', 'org-county'];
/** An order opened since `access-by-scope`. */
const scoped = () => open({ scope, rules: { resolveClockFrom: 'acceptance', claimModeOnAcceptance: true, accessByScope: true } });
const dispatcherOf = (organisationId: string): Actor => ({ id: `disp-${organisationId}`, role: 'dispatcher', organisationId });

describe('scope: the order lies in the subtree of the actor\'s organisation', () => {
  it('a dispatcher of the village, its township or the county accepts; one elsewhere is refused OutOfScope', () => {
    for (const organisationId of scope) expectAllowed(scoped(), command({ type: 'accept' }), dispatcherOf(organisationId), at.accept);
    expectRefused(scoped(), command({ type: 'accept' }), dispatcherOf('org-other-town'), at.accept, 'OutOfScope');
    expectRefused(scoped(), command({ type: 'accept' }), { id: 'no-org', role: 'dispatcher' }, at.accept, 'OutOfScope');
  });

  it('an order from before scopes (none recorded) is in every scope', () => {
    expectAllowed(open(), command({ type: 'accept' }), dispatcherOf('org-anywhere'), at.accept);
  });

  it('an order opened before `access-by-scope` keeps its checks, so its recorded commands replay as they ran', () => {
    const legacy = open({ scope });
    expectAllowed(legacy, command({ type: 'accept' }), dispatcherOf('org-other-town'), at.accept);
    expectAllowed(legacy, command({ type: 'cancel', reason: '不需要了' }), people.otherResident, at.accept);
  });

  it('a person with several roles acts with any of them: a 书记 acting as member may still accept', () => {
    const secretary: Actor = { id: 'pm-sec', role: 'member', roles: ['member', 'dispatcher'], organisationId: 'org-village' };
    expectAllowed(scoped(), command({ type: 'accept' }), secretary, at.accept);
  });

  it('read-only and platform roles give no commands', () => {
    for (const role of ['leader', 'admin', 'service'] as const) {
      expectRefused(scoped(), command({ type: 'accept' }), { id: `x-${role}`, role, organisationId: 'org-county' }, at.accept, 'NotAllowed');
    }
  });
});

describe('residents act on their own order only', () => {
  it('the resident of the order cancels; a resident of another order is refused NotYourOrder', () => {
    expectRefused(scoped(), command({ type: 'cancel', reason: '不需要了' }), people.otherResident, at.accept, 'NotYourOrder');
    expectAllowed(scoped(), command({ type: 'cancel', reason: '不需要了' }), people.resident, at.accept);
  });

  it('an agent cancels on a caller\'s behalf within the agent\'s scope', () => {
    expectAllowed(scoped(), command({ type: 'cancel', reason: '来电撤单' }), { ...people.agent, organisationId: 'org-county' }, at.accept);
    expectRefused(scoped(), command({ type: 'cancel', reason: '来电撤单' }), { ...people.agent, organisationId: 'org-other-town' }, at.accept, 'OutOfScope');
  });
});
