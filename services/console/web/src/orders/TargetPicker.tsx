import { useEffect, useMemo, useState } from 'react';
import { Empty, Flex, Radio, Segmented, Select, Skeleton, Tag, Typography } from 'antd';
import { ProblemError } from '../api/problem';
import { useApi } from '../api/services';
import type { HandlerTarget } from '../api/types';
import { useSession } from '../auth/session';
import { useText } from '../i18n';
import { ProblemAlert } from '../shared/ProblemAlert';
import { tagColors } from '../shell/theme';
import { cachedCandidates, type Candidate, type CandidateReason, type Candidates, type TargetContext } from './candidates';

const text = {
  'zh-CN': {
    colon: '：',
    kinds: { member: '党员', organisation: '党组织', social_org: '社会组织' },
    kindLabel: '经办对象类型',
    reasons: {
      gridMember: '网格责任党员',
      gridWorker: '网格员',
      local: '本村（社区）',
      township: '镇（街道）干部',
      paired: '结对单位',
      fallback: '兜底单位',
      servesArea: '服务本地',
      skill: '技能对口',
    } satisfies Record<CandidateReason, string>,
    skills: '技能',
    none: '没有可推荐的对象',
    loading: '正在读取名册…',
    suggested: '推荐',
    load: (open: number) => `在办 ${open} 件`,
    overdue: (n: number) => `超期 ${n} 件`,
  },
  en: {
    colon: ': ',
    kinds: { member: 'Party member', organisation: 'Organisation', social_org: 'Social organisation' },
    kindLabel: 'Kind of handler',
    reasons: {
      gridMember: 'Grid member',
      gridWorker: 'Grid worker',
      local: 'This village',
      township: 'Township cadre',
      paired: 'Paired agency',
      fallback: 'Fallback unit',
      servesArea: 'Serves the area',
      skill: 'Skills fit',
    } satisfies Record<CandidateReason, string>,
    skills: 'Skills',
    none: 'Nobody to suggest',
    loading: 'Reading the register…',
    suggested: 'Suggested',
    load: (open: number) => `${open} open`,
    overdue: (n: number) => `${n} overdue`,
  },
};

type Kind = HandlerTarget['kind'];

/** The register's candidates for an order (loaded once per order context). */
export function useCandidates(context: TargetContext): { candidates?: Candidates; problem?: ProblemError } {
  const api = useApi();
  const { principal } = useSession();
  const [state, setState] = useState<{ candidates?: Candidates; problem?: ProblemError }>({});
  const key = `${context.organisationId ?? ''}|${context.gridId ?? ''}|${context.category ?? ''}`;
  useEffect(() => {
    let live = true;
    setState({});
    cachedCandidates(api, context, principal).then(
      (candidates) => live && setState({ candidates }),
      (error: unknown) => live && setState({ problem: error instanceof ProblemError ? error : new ProblemError(0, { title: String(error) }) }),
    );
    return () => {
      live = false;
    };
    // `key` stands for the context's fields.
  }, [api, key, principal]);
  return state;
}

function CandidateLabel({ candidate, first }: { candidate: Candidate; first: boolean }) {
  const t = useText(text);
  return (
    <span>
      <strong>{candidate.target.name}</strong>
      {candidate.organisationName ? <Typography.Text type="secondary">{` · ${candidate.organisationName}`}</Typography.Text> : null}{' '}
      {first && candidate.score > 0 && <Tag color={tagColors.green}>{t.suggested}</Tag>}
      {candidate.reasons
        .filter((r) => r !== 'skill')
        .map((reason) => (
          <Tag key={reason}>{t.reasons[reason]}</Tag>
        ))}
      {candidate.load && (
        <span data-testid={`load-${candidate.target.id}`} data-open={candidate.load.open} data-overdue={candidate.load.overdue}>
          <Tag>{t.load(candidate.load.open)}</Tag>
          {candidate.load.overdue > 0 && <Tag color={tagColors.red}>{t.overdue(candidate.load.overdue)}</Tag>}
        </span>
      )}
      {candidate.skills.length > 0 && (
        <Typography.Text type="secondary">
          {` ${t.skills}${t.colon}`}
          {candidate.skills.map((skill, i) => (
            <span key={skill}>
              {i > 0 ? '、' : ''}
              {candidate.matchedSkills.includes(skill) ? <strong>{skill}</strong> : skill}
            </span>
          ))}
        </Typography.Text>
      )}
    </span>
  );
}

/**
 * 派单/改派 target: party members (网格责任党员 and skills first), organisations (the village,
 * paired agencies, the fallback unit) or social organisations; a form control (value/onChange).
 */
export function TargetPicker({
  id,
  value,
  onChange,
  context,
  exclude,
  label,
}: {
  id?: string;
  value?: HandlerTarget;
  onChange?: (target: HandlerTarget | undefined) => void;
  context: TargetContext;
  exclude?: string;
  label: string;
}) {
  const t = useText(text);
  const { candidates, problem } = useCandidates(context);
  const [kind, setKind] = useState<Kind>(value?.kind ?? 'member');
  const list = useMemo(() => {
    if (!candidates) return [];
    const all = kind === 'member' ? candidates.members : kind === 'organisation' ? candidates.organisations : candidates.socialOrgs;
    return all.filter((c) => c.target.id !== exclude);
  }, [candidates, kind, exclude]);

  return (
    <div id={id} role="group" aria-label={label} data-testid="target-picker">
      <Segmented<Kind>
        aria-label={t.kindLabel}
        value={kind}
        onChange={(next) => setKind(next)}
        options={(['member', 'organisation', 'social_org'] as const).map((k) => ({ value: k, label: t.kinds[k] }))}
        style={{ marginBottom: 8 }}
      />
      <ProblemAlert problem={problem} />
      {!candidates && !problem && <Skeleton active paragraph={{ rows: 3 }} title={false} aria-label={t.loading} />}
      {candidates && list.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.none} />}
      {candidates && list.length > 0 && (
        <Radio.Group
          value={value?.id}
          onChange={(event) => onChange?.(list.find((c) => c.target.id === event.target.value)?.target)}
          style={{ width: '100%' }}
        >
          <Flex vertical gap={6} style={{ maxHeight: 280, overflowY: 'auto', paddingInlineEnd: 4 }}>
            {list.map((candidate, i) => (
              <Radio key={candidate.target.id} value={candidate.target.id} data-testid={`target-${candidate.target.id}`}>
                <CandidateLabel candidate={candidate} first={i === 0} />
              </Radio>
            ))}
          </Flex>
        </Radio.Group>
      )}
    </div>
  );
}

/** 协办: up to five more handlers from the same suggestions (a form control). */
export function CoHandlerPicker({
  id,
  value,
  onChange,
  context,
  exclude,
}: {
  id?: string;
  value?: HandlerTarget[];
  onChange?: (targets: HandlerTarget[]) => void;
  context: TargetContext;
  exclude?: string;
}) {
  const { candidates } = useCandidates(context);
  const all = candidates ? [...candidates.members, ...candidates.organisations, ...candidates.socialOrgs].filter((c) => c.target.id !== exclude) : [];
  return (
    <Select<string[]>
      id={id}
      mode="multiple"
      maxCount={5}
      allowClear
      value={(value ?? []).map((t) => t.id)}
      onChange={(ids) => onChange?.(ids.map((cid) => all.find((c) => c.target.id === cid)?.target).filter((t): t is HandlerTarget => !!t))}
      options={all.map((c) => ({ value: c.target.id, label: c.target.name }))}
      optionFilterProp="label"
      loading={!candidates}
    />
  );
}
