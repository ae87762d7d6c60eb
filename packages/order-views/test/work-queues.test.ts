import { maskPersonName, OrderSummary, OrderView, summarizeOrder } from '@lianxin/contracts';
import { allMembersAudience, queuedOrder, workQueueFilters } from '../src';
import { sampleOrderView } from '../src/samples';

describe('work-queue documents', () => {
  it('the sample views are valid order views', () => {
    for (const status of ['received', 'open_for_claim', 'signed', 'closed'] as const) {
      expect(() => OrderView.parse(sampleOrderView({ id: `LX-${status}`, status, handlerId: 'm1' }))).not.toThrow();
    }
  });

  it('an order that has ended leaves every queue', () => {
    for (const status of ['rejected', 'merged', 'closed', 'cancelled'] as const) {
      expect(queuedOrder(sampleOrderView({ id: 'LX1', status }), 3)).toBeUndefined();
    }
  });

  it('waiting on a dispatcher: received, accepted, returned, awaiting the supervisor', () => {
    const waiting = (status: Parameters<typeof sampleOrderView>[0]['status']) =>
      queuedOrder(sampleOrderView({ id: 'LX1', status, organisationId: 'org-a' }), 1)!.awaitingDispatcher;
    expect(['received', 'accepted', 'returned', 'awaiting_supervisor'].map((s) => waiting(s as never))).toEqual([true, true, true, true]);
    expect(['open_for_claim', 'dispatched', 'signed', 'in_progress', 'resolved'].map((s) => waiting(s as never))).toEqual([false, false, false, false, false]);
  });

  it('an offer open to all members is claimable by any member; a targeted one by those offered it', () => {
    const open = queuedOrder(sampleOrderView({ id: 'LX1', status: 'open_for_claim' }), 1)!;
    expect(open.claimAudience).toEqual([allMembersAudience]);
    const offered = queuedOrder(sampleOrderView({ id: 'LX2', status: 'open_for_claim', offeredTo: ['m7', 'so-2'] }), 1)!;
    expect(offered.claimAudience).toEqual(['m7', 'so-2']);
    expect(queuedOrder(sampleOrderView({ id: 'LX3', status: 'signed', handlerId: 'm7' }), 1)!.claimAudience).toEqual([]);
    expect(workQueueFilters.claimBoard({ id: 'm9', organisationId: 'org-a', isMember: true })).toEqual([
      { claimAudience: { $in: ['m9', 'org-a'] } },
      { claimAudience: allMembersAudience },
    ]);
    // A social organisation sees what is offered to it, not the offers open to all members.
    expect(workQueueFilters.claimBoard({ id: 'so-2', isMember: false })).toEqual([{ claimAudience: { $in: ['so-2'] } }]);
  });

  it('lists the handler, the member who signed and co-handlers once each', () => {
    const view = sampleOrderView({ id: 'LX1', status: 'signed', handlerId: 'm1' });
    view.handler = { kind: 'organisation', id: 'org-a', name: '东王村党支部', signedBy: { id: 'm1', role: 'member' } };
    view.coHandlers = [{ kind: 'member', id: 'm2', name: '李红' }, { kind: 'member', id: 'm1', name: '张建国' }];
    expect(queuedOrder(view, 2)!.handlerIds).toEqual(['org-a', 'm1', 'm2']);
  });

  it('keeps a summary that a list can show without the resident\'s full name or phone', () => {
    const view = sampleOrderView({ id: 'LX1', status: 'signed', handlerId: 'm1' });
    view.clocks = [
      { name: 'resolve', dueAt: '2026-12-10T00:00:00.000Z', level: 'none' },
      { name: 'contact', dueAt: '2026-12-01T00:00:00.000Z', level: 'warning' },
      { name: 'sign', dueAt: '2026-11-20T00:00:00.000Z', level: 'overdue', remainingMsWhilePaused: 1000 },
    ];
    const summary = summarizeOrder(view);
    expect(OrderSummary.parse(summary)).toEqual(summary);
    expect(summary).toMatchObject({ id: 'LX1', residentName: '王*英', nextDeadline: { clock: 'contact', level: 'warning' } });
    expect(JSON.stringify(summary)).not.toContain('13912345678');
  });

  it('keeps the order\'s organisation path, so a dispatcher queue holds only its subtree', () => {
    const view = { ...sampleOrderView({ id: 'LX1', status: 'accepted', organisationId: 'org-a' }), scope: ['org-a', 'org-town', 'org-county'] };
    expect(queuedOrder(view, 1)!.scope).toEqual(['org-a', 'org-town', 'org-county']);
    expect(workQueueFilters.dispatchQueue('org-town')).toEqual([{ awaitingDispatcher: true, scope: 'org-town' }]);
  });

  it('masks names of any length', () => {
    expect(['王秀英', '王五', '欧阳娜娜', '李'].map(maskPersonName)).toEqual(['王*英', '王*', '欧**娜', '李']);
  });
});
