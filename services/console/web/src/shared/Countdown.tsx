import { Tag, Tooltip } from 'antd';
import { ClockCircleOutlined, PauseCircleOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { ClockName, EscalationLevel } from '../api/types';
import { useLanguage, useText, type Language } from '../i18n';
import { tagColors } from '../shell/theme';
import { clockLabels, escalationLabels, escalationRank } from './labels';
import { useNow } from './useNow';

const text = {
  'zh-CN': { left: '剩余', over: '超期', paused: '已暂停', due: '截止' },
  en: { left: 'left', over: 'overdue', paused: 'paused', due: 'due' },
};

function span(ms: number, language: Language): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const units = language === 'zh-CN' ? { d: '天', h: '小时', m: '分', s: '秒' } : { d: 'd ', h: 'h ', m: 'm ', s: 's' };
  if (d > 0) return `${d}${units.d}${h}${units.h}`.trim();
  if (h > 0) return `${h}${units.h}${m}${units.m}`.trim();
  return `${m}${units.m}${String(s).padStart(2, '0')}${units.s}`.trim();
}

/** The colour of an escalation step: orange for 预警, red from 超期, magenta for 督办/挂牌督办 (dark shades: white text stays readable). */
export function escalationColor(level: EscalationLevel | undefined, late: boolean): string | undefined {
  const rank = Math.max(escalationRank(level), late ? escalationRank('overdue') : 0);
  if (rank >= escalationRank('supervised')) return tagColors.magenta;
  if (rank >= escalationRank('overdue')) return tagColors.red;
  if (rank >= escalationRank('warning')) return tagColors.orange;
  return undefined;
}

/**
 * A live countdown to a deadline: time left (or how long overdue), coloured by the escalation
 * step (预警 orange, 超期/催办 red, 督办/挂牌督办 magenta). A paused clock shows its remaining time, stopped.
 */
export function Countdown({
  dueAt,
  level,
  clock,
  pausedRemainingMs,
}: {
  dueAt: string;
  level?: EscalationLevel;
  clock?: ClockName;
  pausedRemainingMs?: number;
}) {
  const now = useNow();
  const { language } = useLanguage();
  const t = useText(text);
  const clockName = clock ? clockLabels[language][clock] : undefined;
  const dueText = dayjs(dueAt).format('YYYY-MM-DD HH:mm');
  if (pausedRemainingMs !== undefined) {
    return (
      <Tag icon={<PauseCircleOutlined />} data-testid="countdown" data-level={level ?? 'none'}>
        {clockName ? `${clockName} ` : ''}
        {t.paused} · {span(pausedRemainingMs, language)}
      </Tag>
    );
  }
  const remaining = Date.parse(dueAt) - now;
  const late = remaining < 0;
  const color = escalationColor(level, late);
  const levelText = level && level !== 'none' ? `${escalationLabels[language][level]} · ` : '';
  const words = late ? (language === 'zh-CN' ? `${t.over} ${span(remaining, language)}` : `${span(remaining, language)} ${t.over}`) : language === 'zh-CN' ? `${t.left} ${span(remaining, language)}` : `${span(remaining, language)} ${t.left}`;
  return (
    <Tooltip title={`${clockName ? `${clockName} ` : ''}${t.due} ${dueText}`}>
      <Tag
        icon={<ClockCircleOutlined />}
        color={color}
        role="timer"
        aria-label={`${clockName ?? ''} ${levelText}${words}（${t.due} ${dueText}）`}
        data-testid="countdown"
        data-level={level ?? 'none'}
      >
        {clockName ? `${clockName} ` : ''}
        {levelText}
        {words}
      </Tag>
    </Tooltip>
  );
}
