import type { z } from 'zod';
import type { Grid, Member, Organisation, SocialOrg } from '@lianxin/contracts';

/**
 * A sample register drawn from the field reports (the county organisation-department bulletin
 * names the four townships 冶山镇, 仁和集镇, 张铺镇, 铜城镇). The cadres service loads it into
 * an empty database (`services/cadres/src/register/seed.ts`); the sign-in accounts are drawn from
 * it too (`accounts.ts`). Villages, people and teams are illustrative: the names are common
 * Chinese names, not real people, and the register holds no phone or ID numbers.
 *
 * Shape: 县委 (with 县委组织部, 县纪委监委, the county 兜底 unit and 县直机关党组织 paired with
 * villages) → four 镇党委 (each with a dispatcher, a 镇纪委 supervisor and a 包村干部; two
 * townships run their own 兜底专班) → 14 村/社区党组织 (a 书记 who dispatches, a 网格责任党员 and a
 * 网格员 each) → three 党支部. Every village has one large grid (网格长: the 书记) and two or three
 * small grids.
 *
 * Ids are stable and other code relies on some of them (the order workflow's tests use
 * `grid-yeshan-dongwang-1`, `mem-yeshan-dongwang-2`, `mem-yeshan-dispatcher`, `soc-women`,
 * `org-fallback` …): add to this register freely, rename nothing.
 */

export type OrganisationInput = z.input<typeof Organisation>;
export type GridInput = z.input<typeof Grid>;
export type MemberInput = z.input<typeof Member>;
export type SocialOrgInput = z.input<typeof SocialOrg>;

/** The county's 兜底 unit: takes what nobody else in the county took. */
export const countyFallbackId = 'org-fallback';

type TownshipKey = 'yeshan' | 'renheji' | 'zhangpu' | 'tongcheng';
type Person = readonly [name: string, skills: readonly string[]];

interface TownshipSpec {
  key: TownshipKey;
  name: string;
  /** A township-level 兜底 unit; without one the township falls back to the county's. */
  fallbackUnit?: string;
  dispatcher: Person;
  supervisor: string;
  /** 包村干部: a township cadre who also answers for a small grid in a village. */
  liaison: Person;
}

interface VillageSpec {
  township: TownshipKey;
  key: string;
  /** Name of the place (村/社区). */
  place: string;
  /** Name of its party organisation (党委/党总支/党支部). */
  orgName: string;
  /** 结对/挂钩 county agencies. */
  paired: readonly string[];
  /** members[0] is the 书记 (dispatcher, 网格长); the rest are 网格责任党员. Ids: mem-<t>-<v>-1, -2 … */
  members: readonly Person[];
  gridWorker: string;
  /** Small grids: name and who answers for it — a 1-based index into `members`, or the township's 包村干部. */
  smallGrids: readonly (readonly [name: string, responsible: number | 'liaison'])[];
}

const townships: readonly TownshipSpec[] = [
  {
    key: 'yeshan',
    name: '冶山镇',
    dispatcher: ['王德明', ['政策解读']],
    supervisor: '赵国平',
    liaison: ['陈春生', ['农技指导', '政策解读']],
  },
  {
    key: 'renheji',
    name: '仁和集镇',
    fallbackUnit: '仁和集镇党群服务中心兜底专班',
    dispatcher: ['刘红霞', ['政策解读', '矛盾调解']],
    supervisor: '杨永刚',
    liaison: ['徐立平', ['就业指导']],
  },
  {
    key: 'zhangpu',
    name: '张铺镇',
    fallbackUnit: '张铺镇为民服务中心兜底专班',
    dispatcher: ['黄玉兰', ['政策解读']],
    supervisor: '朱建军',
    liaison: ['林海涛', ['矛盾调解', '法律咨询']],
  },
  {
    key: 'tongcheng',
    name: '铜城镇',
    dispatcher: ['钱淑芬', ['政策解读', '助老服务']],
    supervisor: '许明亮',
    liaison: ['韩桂芳', ['医疗护理', '助老服务']],
  },
];

const villages: readonly VillageSpec[] = [
  // 冶山镇
  {
    township: 'yeshan', key: 'dongwang', place: '东王村', orgName: '东王村党总支',
    paired: ['org-agency-shuiwu', 'org-agency-minzheng'],
    members: [['王建国', ['政策解读', '矛盾调解']], ['李秀英', ['助老服务', '医疗护理']], ['张志强', ['水电维修']]],
    gridWorker: '刘海燕',
    smallGrids: [['东王组', 2], ['后王组', 3], ['小李庄组', 1]],
  },
  {
    township: 'yeshan', key: 'shiqiao', place: '石桥社区', orgName: '石桥社区党委',
    paired: ['org-agency-weijian'],
    members: [['陈国庆', ['政策解读', '就业指导']], ['杨桂兰', ['心理疏导', '助老服务']]],
    gridWorker: '周小红',
    smallGrids: [['石桥新村小区', 2], ['老街片', 1], ['幸福里小区', 'liaison']],
  },
  {
    township: 'yeshan', key: 'yeshanjie', place: '冶山街社区', orgName: '冶山街社区党支部',
    paired: ['org-agency-renshe'],
    members: [['吴德华', ['矛盾调解']], ['孙丽萍', ['医疗护理']]],
    gridWorker: '郑晓燕',
    smallGrids: [['冶山街东片', 2], ['冶山街西片', 1]],
  },
  {
    township: 'yeshan', key: 'magang', place: '马岗村', orgName: '马岗村党支部',
    paired: ['org-agency-shuiwu'],
    members: [['马长林', ['农技指导']], ['朱玉华', ['水电维修']]],
    gridWorker: '马俊',
    smallGrids: [['马岗组', 2], ['前岗组', 1]],
  },
  // 仁和集镇
  {
    township: 'renheji', key: 'renhe', place: '仁和村', orgName: '仁和村党总支',
    paired: ['org-agency-sifa'],
    members: [['徐志刚', ['农技指导', '政策解读']], ['胡秀兰', ['助老服务']]],
    gridWorker: '沈丽',
    smallGrids: [['仁和组', 2], ['大圩组', 1], ['新庄组', 'liaison']],
  },
  {
    township: 'renheji', key: 'xinhua', place: '新华社区', orgName: '新华社区党支部',
    paired: ['org-agency-weijian'],
    members: [['高红梅', ['矛盾调解', '心理疏导']], ['何建平', ['法律咨询']]],
    gridWorker: '冯婷',
    smallGrids: [['新华小区', 2], ['集镇商业街', 1]],
  },
  {
    township: 'renheji', key: 'liuying', place: '柳营村', orgName: '柳营村党支部',
    paired: ['org-agency-nongye'],
    members: [['柳长青', ['农技指导']], ['曹金凤', ['助老服务']]],
    gridWorker: '彭磊',
    smallGrids: [['柳营组', 2], ['河湾组', 1]],
  },
  // 张铺镇
  {
    township: 'zhangpu', key: 'zhangpu', place: '张铺社区', orgName: '张铺社区党委',
    paired: ['org-agency-minzheng'],
    members: [['张宏伟', ['政策解读', '矛盾调解']], ['董淑珍', ['医疗护理']]],
    gridWorker: '袁媛',
    smallGrids: [['张铺老街', 2], ['安居小区', 1], ['工业园片', 'liaison']],
  },
  {
    township: 'zhangpu', key: 'dalou', place: '大楼村', orgName: '大楼村党支部',
    paired: ['org-agency-nongye'],
    members: [['蒋大勇', ['农技指导']], ['唐秀梅', ['水电维修']]],
    gridWorker: '许倩',
    smallGrids: [['大楼组', 2], ['小楼组', 1]],
  },
  {
    township: 'zhangpu', key: 'heping', place: '和平村', orgName: '和平村党支部',
    paired: ['org-agency-renshe'],
    members: [['潘文军', ['就业指导']], ['谢凤英', ['助老服务', '心理疏导']]],
    gridWorker: '邓勇',
    smallGrids: [['和平组', 2], ['花园组', 1]],
  },
  // 铜城镇
  {
    township: 'tongcheng', key: 'tongcheng', place: '铜城社区', orgName: '铜城社区党委',
    paired: ['org-agency-weijian'],
    members: [['程立华', ['政策解读']], ['罗美玲', ['心理疏导', '医疗护理']]],
    gridWorker: '叶晶',
    smallGrids: [['铜城老街', 2], ['龙湖小区', 1], ['铜城新村', 'liaison']],
  },
  {
    township: 'tongcheng', key: 'dongshan', place: '东山村', orgName: '东山村党支部',
    paired: ['org-agency-nongye'],
    members: [['魏永生', ['农技指导']], ['吕翠兰', ['助老服务']]],
    gridWorker: '田勇',
    smallGrids: [['东山组', 2], ['山后组', 1]],
  },
  {
    township: 'tongcheng', key: 'qiliqiao', place: '七里桥村', orgName: '七里桥村党支部',
    paired: ['org-agency-sifa'],
    members: [['丁海军', ['矛盾调解', '法律咨询']], ['任桂英', ['助老服务']]],
    gridWorker: '姚静',
    smallGrids: [['七里桥组', 2], ['塘埂组', 1]],
  },
  {
    township: 'tongcheng', key: 'longgang', place: '龙岗村', orgName: '龙岗村党支部',
    paired: ['org-agency-nongye'],
    members: [['范广才', ['农技指导', '水电维修']], ['汪春花', ['医疗护理']]],
    gridWorker: '金鑫',
    smallGrids: [['龙岗组', 2], ['高庄组', 1]],
  },
];

const smallGridOrdinals = ['一', '二', '三', '四'];

/** 县委 and the county-level organisations. */
export const sampleOrganisations: OrganisationInput[] = [
  { _id: 'org-county', name: '县委', level: 'county', fallbackOrganisationId: countyFallbackId },
  { _id: 'org-county-zuzhibu', name: '县委组织部', level: 'agency', parentId: 'org-county' },
  { _id: 'org-county-jiwei', name: '县纪委监委', level: 'agency', parentId: 'org-county' },
  { _id: countyFallbackId, name: '县委社会工作部兜底专班', level: 'agency', parentId: 'org-county' },
  // 县直机关党组织, paired (结对共建) with villages below
  { _id: 'org-agency-shuiwu', name: '县水务局机关党支部', level: 'agency', parentId: 'org-county' },
  { _id: 'org-agency-weijian', name: '县卫健委机关党委', level: 'agency', parentId: 'org-county' },
  { _id: 'org-agency-renshe', name: '县人社局机关党支部', level: 'agency', parentId: 'org-county' },
  { _id: 'org-agency-nongye', name: '县农业农村局机关党委', level: 'agency', parentId: 'org-county' },
  { _id: 'org-agency-sifa', name: '县司法局机关党支部', level: 'agency', parentId: 'org-county' },
  { _id: 'org-agency-minzheng', name: '县民政局机关党支部', level: 'agency', parentId: 'org-county' },
];

export const sampleMembers: MemberInput[] = [
  { _id: 'mem-county-dispatcher', name: '孙立新', organisationId: 'org-county-zuzhibu', roles: ['member', 'dispatcher'], skills: ['政策解读'] },
  { _id: 'mem-county-supervisor', name: '周卫东', organisationId: 'org-county-jiwei', roles: ['member', 'supervisor'], skills: [] },
  { _id: 'mem-fallback-1', name: '郭振华', organisationId: countyFallbackId, roles: ['member'], skills: ['政策解读', '矛盾调解', '助老服务'] },
  { _id: 'mem-agency-sifa-1', name: '胡文静', organisationId: 'org-agency-sifa', roles: ['member'], skills: ['法律咨询', '矛盾调解'] },
];

export const sampleGrids: GridInput[] = [];

for (const township of townships) {
  const townshipId = `org-${township.key}`;
  const fallbackUnitId = township.fallbackUnit ? `org-${township.key}-doudi` : undefined;
  sampleOrganisations.push({
    _id: townshipId,
    name: `${township.name}党委`,
    level: 'township',
    parentId: 'org-county',
    fallbackOrganisationId: fallbackUnitId ?? countyFallbackId,
  });
  if (fallbackUnitId && township.fallbackUnit) {
    sampleOrganisations.push({ _id: fallbackUnitId, name: township.fallbackUnit, level: 'agency', parentId: townshipId });
  }
  sampleMembers.push(
    // 党建办: accepts and dispatches the township's orders
    { _id: `mem-${township.key}-dispatcher`, name: township.dispatcher[0], organisationId: townshipId, roles: ['member', 'dispatcher'], skills: [...township.dispatcher[1]] },
    // 镇纪委: watches overdue work, receives escalations, audits disbursements
    { _id: `mem-${township.key}-supervisor`, name: township.supervisor, organisationId: townshipId, roles: ['member', 'supervisor'], skills: [] },
    { _id: `mem-${township.key}-liaison`, name: township.liaison[0], organisationId: townshipId, roles: ['member'], skills: [...township.liaison[1]] },
  );
}

for (const village of villages) {
  const townshipId = `org-${village.township}`;
  const villageId = `${townshipId}-${village.key}`;
  sampleOrganisations.push({ _id: villageId, name: village.orgName, level: 'village', parentId: townshipId, pairedOrganisationIds: [...village.paired] });
  const memberId = (index: number) => `mem-${village.township}-${village.key}-${index}`;
  village.members.forEach(([name, skills], i) =>
    sampleMembers.push({ _id: memberId(i + 1), name, organisationId: villageId, roles: i === 0 ? ['member', 'dispatcher'] : ['member'], skills: [...skills] }),
  );
  const gridWorkerId = `mem-${village.township}-${village.key}-gw`;
  sampleMembers.push({ _id: gridWorkerId, name: village.gridWorker, organisationId: villageId, roles: ['grid_worker'], skills: ['助老服务'] });

  const largeGridId = `grid-${village.township}-${village.key}`;
  sampleGrids.push({ _id: largeGridId, name: `${village.place}大网格`, size: 'large', organisationId: villageId, responsibleMemberId: memberId(1), gridWorkerIds: [gridWorkerId] });
  village.smallGrids.forEach(([name, responsible], i) =>
    sampleGrids.push({
      _id: `${largeGridId}-${i + 1}`,
      name: `${village.place}第${smallGridOrdinals[i] ?? i + 1}网格（${name}）`,
      size: 'small',
      parentGridId: largeGridId,
      organisationId: villageId,
      responsibleMemberId: responsible === 'liaison' ? `mem-${village.township}-liaison` : memberId(responsible),
      gridWorkerIds: [gridWorkerId],
    }),
  );
}

// 党支部 under villages, and their members who are not handlers.
sampleOrganisations.push(
  { _id: 'org-yeshan-dongwang-b1', name: '东王村第一党支部', level: 'branch', parentId: 'org-yeshan-dongwang' },
  { _id: 'org-renheji-renhe-liudong', name: '仁和村流动党员党支部', level: 'branch', parentId: 'org-renheji-renhe' },
  { _id: 'org-tongcheng-tongcheng-retired', name: '铜城社区离退休党员党支部', level: 'branch', parentId: 'org-tongcheng-tongcheng' },
);
sampleMembers.push(
  // 流动党员: back in the village, helps sell local produce and find work (产品销售岗、职业介绍岗)
  { _id: 'mem-renheji-renhe-liudong-1', name: '宋家豪', organisationId: 'org-renheji-renhe-liudong', roles: ['member'], skills: ['产品销售', '就业指导'] },
  // 老党员: cared for by the register, not a handler
  { _id: 'mem-tongcheng-tongcheng-retired-1', name: '梁守成', organisationId: 'org-tongcheng-tongcheng-retired', roles: ['member'], skills: [], active: false },
);

/** 社会力量: claim wishes no party member took (应领尽领). serviceAreaIds are township ids. */
export const sampleSocialOrgs: SocialOrgInput[] = [
  { _id: 'soc-volunteers', name: '县志愿者协会', serviceAreaIds: townships.map((t) => `org-${t.key}`), skills: ['助老服务', '水电维修', '必需物资'] },
  { _id: 'soc-redcross', name: '县红十字会', serviceAreaIds: townships.map((t) => `org-${t.key}`), skills: ['医疗护理', '心理疏导', '必需物资'] },
  { _id: 'soc-women', name: '冶山镇巾帼志愿服务队', serviceAreaIds: ['org-yeshan'], skills: ['助老服务', '心理疏导', '矛盾调解'] },
  { _id: 'soc-renai', name: '仁和集镇“仁爱之花”志愿服务队', serviceAreaIds: ['org-renheji'], skills: ['助老服务', '政策解读', '学习用品'] },
  { _id: 'soc-lawyers', name: '县律师协会公益法律服务团', serviceAreaIds: ['org-renheji', 'org-zhangpu'], skills: ['法律咨询', '矛盾调解'] },
  { _id: 'soc-charity', name: '张铺镇善城爱心公益协会', serviceAreaIds: ['org-zhangpu'], skills: ['必需物资', '学习用品', '就业指导'] },
  { _id: 'soc-tongxing', name: '铜城镇“与你‘铜’行”志愿服务队', serviceAreaIds: ['org-tongcheng'], skills: ['医疗护理', '助老服务'] },
];
