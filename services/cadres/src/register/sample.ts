import type { z } from 'zod';
import type { Grid, Member, Organisation, SocialOrg } from '@lianxin/contracts';

type In<T extends z.ZodType> = z.input<T>;

/**
 * A sample register drawn from the field reports (county → townships 冶山镇, 仁和集镇, 张铺镇,
 * 铜城镇 → villages → branches; grids; members; social organisations). `npm start` loads it into
 * an empty database. Names are illustrative; no real person's contact details.
 */
const townships = [
  { id: 'yeshan', name: '冶山镇', villages: [['dongwang', '东王村'], ['shiqiao', '石桥社区'], ['yeshanjie', '冶山街社区']] },
  { id: 'renheji', name: '仁和集镇', villages: [['renhe', '仁和村'], ['xinhua', '新华社区'], ['liuying', '柳营村']] },
  { id: 'zhangpu', name: '张铺镇', villages: [['zhangpu', '张铺村'], ['dalou', '大楼村'], ['heping', '和平社区']] },
  { id: 'tongcheng', name: '铜城镇', villages: [['tongcheng', '铜城社区'], ['dongshan', '东山村'], ['qiliqiao', '七里桥村']] },
] as const;

const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const givenNames = ['建国', '秀英', '志强', '桂兰', '海燕', '明华', '德胜', '玉梅', '春生', '丽娟', '国平', '晓东', '红霞', '永刚', '淑珍', '立新', '文静', '卫东', '金凤', '振华'];
const skillSets = [
  ['水电维修'], ['法律咨询', '矛盾调解'], ['医疗护理', '助老服务'], ['政策解读', '就业指导'], ['农技指导'], ['心理疏导', '助老服务'],
];

let nameIndex = 0;
function nextName(): string {
  const name = `${surnames[nameIndex % surnames.length]}${givenNames[(nameIndex * 7) % givenNames.length]}`;
  nameIndex += 1;
  return name;
}

export const sampleOrganisations: In<typeof Organisation>[] = [
  { _id: 'org-county', name: '县委', level: 'county' },
  { _id: 'org-county-zuzhibu', name: '县委组织部', level: 'agency', parentId: 'org-county' },
  { _id: 'org-fallback', name: '县委社会工作部兜底专班', level: 'agency', parentId: 'org-county' },
  { _id: 'org-county-jiwei', name: '县纪委监委', level: 'agency', parentId: 'org-county' },
  { _id: 'org-agency-shuiwu', name: '县水务局机关党支部', level: 'agency', parentId: 'org-county' },
  { _id: 'org-agency-weijian', name: '县卫健委机关党支部', level: 'agency', parentId: 'org-county' },
];
export const sampleGrids: In<typeof Grid>[] = [];
export const sampleMembers: In<typeof Member>[] = [];

for (const [t, township] of townships.entries()) {
  const townshipId = `org-${township.id}`;
  sampleOrganisations.push({ _id: townshipId, name: `${township.name}党委`, level: 'township', parentId: 'org-county', fallbackOrganisationId: 'org-fallback' });
  sampleMembers.push(
    { _id: `mem-${township.id}-dispatcher`, name: nextName(), organisationId: townshipId, roles: ['member', 'dispatcher'], skills: ['政策解读'] },
    { _id: `mem-${township.id}-supervisor`, name: nextName(), organisationId: townshipId, roles: ['member', 'supervisor'], skills: [] },
  );
  for (const [v, [villageKey, villageName]] of township.villages.entries()) {
    const villageId = `org-${township.id}-${villageKey}`;
    sampleOrganisations.push({
      _id: villageId,
      name: `${villageName}党组织`,
      level: 'village',
      parentId: townshipId,
      pairedOrganisationIds: [(t + v) % 2 === 0 ? 'org-agency-shuiwu' : 'org-agency-weijian'],
    });
    sampleOrganisations.push({ _id: `${villageId}-branch1`, name: `${villageName}第一党支部`, level: 'branch', parentId: villageId });
    const memberIds = [0, 1, 2].map((i) => `mem-${township.id}-${villageKey}-${i + 1}`);
    memberIds.forEach((id, i) =>
      sampleMembers.push({
        _id: id,
        name: nextName(),
        organisationId: villageId,
        roles: i === 0 ? ['member', 'dispatcher'] : ['member'],
        skills: skillSets[(t * 3 + v + i) % skillSets.length]!,
      }),
    );
    const gridWorkerId = `mem-${township.id}-${villageKey}-gw`;
    sampleMembers.push({ _id: gridWorkerId, name: nextName(), organisationId: villageId, roles: ['grid_worker'], skills: ['助老服务'] });
    const largeGridId = `grid-${township.id}-${villageKey}`;
    sampleGrids.push({ _id: largeGridId, name: `${villageName}大网格`, size: 'large', organisationId: villageId, responsibleMemberId: memberIds[0]!, gridWorkerIds: [gridWorkerId] });
    for (let g = 1; g <= 2; g += 1) {
      sampleGrids.push({
        _id: `${largeGridId}-${g}`,
        name: `${villageName}第${g === 1 ? '一' : '二'}小网格`,
        size: 'small',
        parentGridId: largeGridId,
        organisationId: villageId,
        responsibleMemberId: memberIds[g]!,
        gridWorkerIds: [gridWorkerId],
      });
    }
  }
}
sampleMembers.push({ _id: 'mem-county-supervisor', name: nextName(), organisationId: 'org-county-jiwei', roles: ['member', 'supervisor'], skills: [] });

export const sampleSocialOrgs: In<typeof SocialOrg>[] = [
  { _id: 'soc-volunteers', name: '县志愿者协会', serviceAreaIds: townships.map((t) => `org-${t.id}`), skills: ['助老服务', '必需物资'] },
  { _id: 'soc-redcross', name: '县红十字会', serviceAreaIds: townships.map((t) => `org-${t.id}`), skills: ['医疗护理'] },
  { _id: 'soc-women', name: '冶山镇巾帼志愿服务队', serviceAreaIds: ['org-yeshan'], skills: ['助老服务', '心理疏导'] },
  { _id: 'soc-lawyers', name: '仁和集镇法律服务志愿团', serviceAreaIds: ['org-renheji'], skills: ['法律咨询'] },
  { _id: 'soc-charity', name: '张铺镇爱心公益联合会', serviceAreaIds: ['org-zhangpu'], skills: ['必需物资', '学习用品'] },
  { _id: 'soc-youth', name: '铜城镇青年志愿服务队', serviceAreaIds: ['org-tongcheng'], skills: ['学习用品', '就业指导'] },
];
