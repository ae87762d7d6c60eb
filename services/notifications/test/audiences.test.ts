import type { OrderView } from '@lianxin/contracts';
import { audienceResolver } from '../src/recipients/audiences';
import { memoryDirectory, orderEvent, orderId, yeshanDongwang } from './support/fixtures';

const directory = memoryDirectory();
const resolve = audienceResolver(directory);

/** The data of an event of the sample order (in 冶山镇东王村), the order's fields overridden. */
const dataOf = (view: Partial<OrderView> = {}) => orderEvent('order.supervised', { view }).data;
const ids = (recipients: { id: string }[]) => recipients.map((r) => r.id);
const registerIds = (entries: { _id: string }[]) => entries.map((e) => e._id);

describe('the in-memory register directory', () => {
  it('lists the active members of exactly one organisation in one role', async () => {
    expect(registerIds(await directory.membersOf(yeshanDongwang, 'dispatcher'))).toEqual(['mem-yeshan-dongwang-1']);
    expect(registerIds(await directory.membersOf(yeshanDongwang, 'member'))).toEqual(['mem-yeshan-dongwang-1', 'mem-yeshan-dongwang-2', 'mem-yeshan-dongwang-3']);
    expect(registerIds(await directory.membersOf('org-county', 'supervisor'))).toEqual([]);
    // 梁守成 is a member of the retired members' branch, but not active.
    expect(registerIds(await directory.membersOf('org-tongcheng-tongcheng-retired', 'member'))).toEqual([]);
  });

  it('lists the agencies of a level, not its other children', async () => {
    const countyAgencies = registerIds(await directory.agenciesOf('org-county'));
    expect(countyAgencies).toEqual(expect.arrayContaining(['org-county-zuzhibu', 'org-county-jiwei', 'org-fallback']));
    expect(countyAgencies).not.toContain('org-yeshan');
    expect(registerIds(await directory.agenciesOf(yeshanDongwang))).toEqual([]);
    expect(registerIds(await directory.agenciesOf('org-renheji'))).toEqual(['org-renheji-doudi']);
  });
});

describe('audienceResolver', () => {
  describe('supervisors (督办)', () => {
    it('finds the township supervisor for a village order, acting for 冶山镇党委', async () => {
      expect(await resolve('supervisors', dataOf())).toEqual({
        recipients: [{ kind: 'member', id: 'mem-yeshan-supervisor', name: '赵国平', role: 'supervisor' }],
        organisationName: '冶山镇党委',
      });
    });

    it('starts from a branch just as from its village', async () => {
      const resolved = await resolve('supervisors', dataOf({ location: { organisationId: 'org-yeshan-dongwang-b1' } }));
      expect(ids(resolved.recipients)).toEqual(['mem-yeshan-supervisor']);
    });

    it('finds the county supervisor (县纪委监委 acting for 县委) for a county order', async () => {
      expect(await resolve('supervisors', dataOf({ location: { organisationId: 'org-county' } }))).toEqual({
        recipients: [{ kind: 'member', id: 'mem-county-supervisor', name: '周卫东', role: 'supervisor' }],
        organisationName: '县委',
      });
    });

    it('finds nobody for an order without an organisation or with an unknown one', async () => {
      expect(await resolve('supervisors', dataOf({ location: { gridId: 'grid-yeshan-dongwang-1' } }))).toEqual({ recipients: [] });
      expect(await resolve('supervisors', dataOf({ location: { organisationId: 'org-nowhere' } }))).toEqual({ recipients: [] });
    });
  });

  describe('upper level (挂牌督办)', () => {
    it('goes to the level above the supervising township: the county agencies acting for 县委', async () => {
      expect(await resolve('upper_level', dataOf())).toEqual({
        recipients: [
          { kind: 'member', id: 'mem-county-supervisor', name: '周卫东', role: 'upper_level' },
          { kind: 'member', id: 'mem-county-dispatcher', name: '孙立新', role: 'upper_level' },
        ],
        organisationName: '县委',
      });
    });

    it('stays at the top when the supervising level is the county', async () => {
      const resolved = await resolve('upper_level', dataOf({ location: { organisationId: 'org-county' } }));
      expect(ids(resolved.recipients)).toEqual(['mem-county-supervisor', 'mem-county-dispatcher']);
      expect(resolved.organisationName).toBe('县委');
    });
  });

  describe('dispatchers', () => {
    it('finds the village 书记 who dispatches, for the village', async () => {
      expect(await resolve('dispatchers', dataOf())).toEqual({
        recipients: [{ kind: 'member', id: 'mem-yeshan-dongwang-1', name: '王建国', role: 'dispatcher' }],
        organisationName: '东王村党总支',
      });
    });

    it('goes up to the nearest level with a dispatcher (the branch has none)', async () => {
      const resolved = await resolve('dispatchers', dataOf({ location: { organisationId: 'org-yeshan-dongwang-b1' } }));
      expect(resolved).toEqual({ recipients: [expect.objectContaining({ id: 'mem-yeshan-dongwang-1' })], organisationName: '东王村党总支' });
    });
  });

  describe('handler', () => {
    it('is the member handling the order', async () => {
      expect(await resolve('handler', dataOf())).toEqual({ recipients: [{ kind: 'member', id: 'mem-yeshan-dongwang-2', name: '李秀英', role: 'handler' }] });
    });

    it('is the dispatchers of an organisation nobody signed for yet', async () => {
      const village = await resolve('handler', dataOf({ handler: { kind: 'organisation', id: yeshanDongwang, name: '东王村党总支' } }));
      expect(village.recipients).toEqual([{ kind: 'member', id: 'mem-yeshan-dongwang-1', name: '王建国', role: 'handler' }]);
      // The county's dispatcher sits in an agency (县委组织部), which acts for the county.
      const county = await resolve('handler', dataOf({ handler: { kind: 'organisation', id: 'org-county', name: '县委' } }));
      expect(county.recipients).toEqual([{ kind: 'member', id: 'mem-county-dispatcher', name: '孙立新', role: 'handler' }]);
    });

    it('is the member who signed for an organisation', async () => {
      const signed = await resolve('handler', dataOf({ handler: { kind: 'organisation', id: yeshanDongwang, name: '东王村党总支', signedBy: { id: 'mem-yeshan-dongwang-3', role: 'member', name: '张志强' } } }));
      expect(signed.recipients).toEqual([{ kind: 'member', id: 'mem-yeshan-dongwang-3', name: '张志强', role: 'handler' }]);
      const unnamed = await resolve('handler', dataOf({ handler: { kind: 'organisation', id: yeshanDongwang, name: '东王村党总支', signedBy: { id: 'mem-yeshan-dongwang-3', role: 'member' } } }));
      expect(unnamed.recipients).toEqual([{ kind: 'member', id: 'mem-yeshan-dongwang-3', name: 'mem-yeshan-dongwang-3', role: 'handler' }]);
    });

    it('is the social organisation handling the order', async () => {
      const resolved = await resolve('handler', dataOf({ handler: { kind: 'social_org', id: 'soc-women', name: '冶山镇巾帼志愿服务队' } }));
      expect(resolved.recipients).toEqual([{ kind: 'social_org', id: 'soc-women', name: '冶山镇巾帼志愿服务队', role: 'handler' }]);
    });

    it('is nobody when the order has no handler', async () => {
      expect(await resolve('handler', dataOf({ handler: undefined }))).toEqual({ recipients: [] });
    });
  });

  describe('co-handlers', () => {
    it('are the co-handling members, organisations (their dispatchers) and social organisations', async () => {
      const resolved = await resolve(
        'co_handlers',
        dataOf({
          coHandlers: [
            { kind: 'member', id: 'mem-yeshan-liaison', name: '陈春生' },
            { kind: 'organisation', id: 'org-yeshan', name: '冶山镇党委' },
            { kind: 'social_org', id: 'soc-redcross', name: '县红十字会' },
          ],
        }),
      );
      expect(resolved.recipients).toEqual([
        { kind: 'member', id: 'mem-yeshan-liaison', name: '陈春生', role: 'co_handler' },
        { kind: 'member', id: 'mem-yeshan-dispatcher', name: '王德明', role: 'co_handler' },
        { kind: 'social_org', id: 'soc-redcross', name: '县红十字会', role: 'co_handler' },
      ]);
    });
  });

  describe('claim candidates', () => {
    it('are the active members of the village when the order is open to all (认领栏)', async () => {
      const resolved = await resolve('claim_candidates', dataOf({ status: 'open_for_claim', handler: undefined, claim: { stage: 0, offeredTo: [], openToAll: true } }));
      expect(resolved.recipients).toEqual([
        { kind: 'member', id: 'mem-yeshan-dongwang-1', name: '王建国', role: 'claim_candidate' },
        { kind: 'member', id: 'mem-yeshan-dongwang-2', name: '李秀英', role: 'claim_candidate' },
        { kind: 'member', id: 'mem-yeshan-dongwang-3', name: '张志强', role: 'claim_candidate' },
      ]);
    });

    it('leave out inactive members', async () => {
      const resolved = await resolve(
        'claim_candidates',
        dataOf({ status: 'open_for_claim', handler: undefined, location: { organisationId: 'org-tongcheng-tongcheng-retired' }, claim: { stage: 0, offeredTo: [], openToAll: true } }),
      );
      expect(resolved.recipients).toEqual([]);
    });

    it('are the targets the order is offered to at a later stage', async () => {
      const resolved = await resolve(
        'claim_candidates',
        dataOf({
          status: 'open_for_claim',
          handler: undefined,
          claim: {
            stage: 1,
            openToAll: false,
            offeredTo: [
              { kind: 'member', id: 'mem-yeshan-dongwang-3', name: '张志强' },
              { kind: 'social_org', id: 'soc-women', name: '冶山镇巾帼志愿服务队' },
              { kind: 'organisation', id: 'org-yeshan', name: '冶山镇党委' },
            ],
          },
        }),
      );
      expect(resolved.recipients).toEqual([
        { kind: 'member', id: 'mem-yeshan-dongwang-3', name: '张志强', role: 'claim_candidate' },
        { kind: 'social_org', id: 'soc-women', name: '冶山镇巾帼志愿服务队', role: 'claim_candidate' },
        { kind: 'member', id: 'mem-yeshan-dispatcher', name: '王德明', role: 'claim_candidate' },
      ]);
    });

    it('are nobody when the order is not open for claim', async () => {
      expect(await resolve('claim_candidates', dataOf({ claim: undefined }))).toEqual({ recipients: [] });
    });
  });

  describe('resident', () => {
    it('is the resident of the order, by order id, when they left a phone', async () => {
      const data = dataOf();
      expect(data.order.resident.phone).toBe('139****5678');
      expect(await resolve('resident', data)).toEqual({ recipients: [{ kind: 'resident', id: `resident:${orderId}`, name: '王*英', role: 'resident' }] });
    });

    it('is nobody when the resident left no phone', async () => {
      expect(await resolve('resident', dataOf({ resident: { name: '王秀英', keyPopulations: [] } }))).toEqual({ recipients: [] });
    });
  });
});
