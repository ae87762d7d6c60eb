import { useEffect, useState } from 'react';
import { Empty, Skeleton, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { ProblemError } from '../api/problem';
import { useApi } from '../api/services';
import type { TimelineEntry } from '../api/types';
import { useLanguage, useText } from '../i18n';
import { AttachmentGallery } from './attachments';
import { escalationColor } from './Countdown';
import { eventLabelsEn, roleLabels } from './labels';
import { ProblemAlert } from './ProblemAlert';

const text = {
  'zh-CN': { heading: '办理过程', empty: '暂无记录', diaryPhotos: '民情日记照片', evidence: '办结佐证照片' },
  en: { heading: 'Timeline', empty: 'Nothing recorded yet', diaryPhotos: 'Diary photo', evidence: 'Evidence photo' },
};

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

const levelOfEvent: Record<string, 'warning' | 'overdue' | 'supervised'> = {
  'order.warning': 'warning',
  'order.overdue': 'overdue',
  'order.reminded': 'overdue',
  'order.supervised': 'supervised',
  'order.escalated': 'supervised',
};

/**
 * The order's history (`GET /api/v1/orders/:id/timeline` of the residents service), oldest first,
 * with the photos of 民情日记 and 办结 (fetched with the bearer token, shown from blob: URLs).
 * `refreshKey` reloads it (e.g. on a live event of the order).
 */
export function OrderTimeline({ orderId, refreshKey = 0, headingLevel = 2 }: { orderId: string; refreshKey?: number; headingLevel?: 2 | 3 }) {
  const api = useApi();
  const t = useText(text);
  const { language } = useLanguage();
  const [entries, setEntries] = useState<TimelineEntry[] | undefined>();
  const [problem, setProblem] = useState<ProblemError | undefined>();

  useEffect(() => {
    const controller = new AbortController();
    api.residents.timeline(orderId, controller.signal).then(
      (page) => {
        setEntries(page.entries);
        setProblem(undefined);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setProblem(error instanceof ProblemError ? error : undefined);
      },
    );
    return () => controller.abort();
  }, [api, orderId, refreshKey]);

  return (
    <section aria-labelledby={`timeline-${orderId}`} data-testid="order-timeline">
      <Typography.Title level={headingLevel} id={`timeline-${orderId}`} style={{ fontSize: 18 }}>
        {t.heading}
      </Typography.Title>
      <ProblemAlert problem={problem} />
      {!entries && !problem && <Skeleton active />}
      {entries && entries.length === 0 && <Empty description={t.empty} />}
      {entries && entries.length > 0 && (
        <Timeline
          items={entries.map((entry) => {
            const photos = strings(entry.details.photos);
            const evidence = strings(entry.details.evidence);
            const actor = entry.actor.name ?? roleLabels[language][entry.actor.role] ?? entry.actor.role;
            const level = levelOfEvent[entry.type];
            return {
              key: entry.sequence,
              color: level ? escalationColor(level, false) : undefined,
              content: (
                <div data-testid="timeline-entry" data-type={entry.type}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <time dateTime={entry.at}>{dayjs(entry.at).format('YYYY-MM-DD HH:mm')}</time>
                  </Typography.Text>
                  <div>
                    {language === 'en' && eventLabelsEn[entry.type] ? <strong>{eventLabelsEn[entry.type]}: </strong> : null}
                    {entry.summary}
                  </div>
                  <Typography.Text type="secondary">
                    {actor}
                    {entry.actor.role && entry.actor.name ? `（${roleLabels[language][entry.actor.role] ?? entry.actor.role}）` : ''}
                  </Typography.Text>
                  <AttachmentGallery orderId={orderId} references={photos} label={t.diaryPhotos} />
                  <AttachmentGallery orderId={orderId} references={evidence} label={t.evidence} />
                </div>
              ),
            };
          })}
        />
      )}
    </section>
  );
}
