import { escalationRank } from '@lianxin/contracts';
import { boardSlices, overdueBoardFilter, queuedOrder, tallyWorkload } from '../src';
import { sampleOrderView } from '../src/samples';

describe('the overdue board', () => {
  it('stores what its filter reads as top-level fields: level rank, next due instant, pending extension', () => {
    const view = sampleOrderView({ id: 'LX1', status: 'signed', handlerId: 'm1', organisationId: 'org-a' });
    view.escalationLevel = 'supervised';
    view.clocks = [
      { name: 'resolve', dueAt: '2026-12-10T00:00:00.000Z', level: 'none' },
      { name: 'contact', dueAt: '2026-12-01T00:00:00.000Z', level: 'supervised' },
      { name: 'sign', dueAt: '2026-11-20T00:00:00.000Z', level: 'overdue', remainingMsWhilePaused: 1000 },
    ];
    view.pendingExtension = { until: '2026-12-20T00:00:00.000Z', reason: '等待配件', requestedBy: { id: 'm1', role: 'member' } };
    const doc = queuedOrder(view, 4)!;
    expect(doc.escalationRank).toBe(4);
    expect(doc.nextDueAt).toEqual(new Date('2026-12-01T00:00:00.000Z')); // the paused clock does not count
    expect(doc.pendingExtension).toBe(true);
    expect(JSON.parse(doc.summaryJson)).toMatchObject({ pendingExtension: { until: '2026-12-20T00:00:00.000Z', reason: '等待配件' } });
  });

  it('has no due instant when no clock runs, and no pending extension by default', () => {
    const view = sampleOrderView({ id: 'LX2', status: 'accepted', organisationId: 'org-a' });
    view.clocks = [];
    const doc = queuedOrder(view, 1)!;
    expect(doc).not.toHaveProperty('nextDueAt');
    expect(doc.pendingExtension).toBe(false);
    expect(doc.escalationRank).toBe(0);
  });

  it('ranks the levels none < warning < overdue < reminded < supervised < escalated', () => {
    expect((['none', 'warning', 'overdue', 'reminded', 'supervised', 'escalated'] as const).map(escalationRank)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('filters by the subtree, the narrower organisation and the reasons asked for', () => {
    expect(overdueBoardFilter({ scopeOrganisationId: 'org-town', minRank: 1, decisions: false, extensions: false })).toEqual({
      $and: [{ scope: 'org-town' }, { escalationRank: { $gte: 1 } }],
    });
    expect(overdueBoardFilter({ scopeOrganisationId: 'org-town', organisationId: 'org-a', minRank: 2, decisions: true, extensions: true })).toEqual({
      $and: [
        { scope: 'org-town' },
        { scope: 'org-a' },
        { $or: [{ escalationRank: { $gte: 2 } }, { status: 'awaiting_supervisor' }, { pendingExtension: true }] },
      ],
    });
  });

  it('pages across the orders with a running clock, then those without', () => {
    expect(boardSlices({ offset: 0, limit: 10 }, 4, 3)).toEqual({ dated: { skip: 0, limit: 4 }, undated: { skip: 0, limit: 3 } });
    expect(boardSlices({ offset: 2, limit: 3 }, 4, 3)).toEqual({ dated: { skip: 2, limit: 2 }, undated: { skip: 0, limit: 1 } });
    expect(boardSlices({ offset: 5, limit: 10 }, 4, 3)).toEqual({ undated: { skip: 1, limit: 2 } });
    expect(boardSlices({ offset: 0, limit: 2 }, 4, 3)).toEqual({ dated: { skip: 0, limit: 2 } });
    expect(boardSlices({ offset: 9, limit: 5 }, 4, 3)).toEqual({});
  });
});

describe('members\' workload', () => {
  it('counts open orders handled or co-handled, and those at 超期 or above, zero for the idle', () => {
    const orders = [
      { handlerIds: ['m1'], escalationRank: 0 },
      { handlerIds: ['m1', 'm2'], escalationRank: 2 },
      { handlerIds: ['org-a', 'm2'], escalationRank: 5 },
      { handlerIds: ['m2'], escalationRank: 1 },
      { handlerIds: ['m3'] }, // written before levels were stored: open, not overdue
      { handlerIds: ['m9'], escalationRank: 3 }, // not one of the members asked about
    ];
    expect(tallyWorkload(['m1', 'm2', 'm3', 'm4'], orders)).toEqual([
      { memberId: 'm1', open: 2, overdue: 1 },
      { memberId: 'm2', open: 3, overdue: 2 },
      { memberId: 'm3', open: 1, overdue: 0 },
      { memberId: 'm4', open: 0, overdue: 0 },
    ]);
  });
});
