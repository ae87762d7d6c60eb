import { useEffect, useState } from 'react';
import { Card, Descriptions, Flex, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useParams } from 'react-router';
import { ProblemError } from '../../api/problem';
import { useApi } from '../../api/services';
import type { OrderView } from '../../api/types';
import { holdsAny } from '../../auth/principal';
import { useSession } from '../../auth/session';
import { useLanguage, useText } from '../../i18n';
import { OrderActions } from '../../orders/OrderActions';
import { OrderTags } from '../../orders/OrderSummaryBits';
import { RevealContact } from '../../orders/RevealContact';
import { Countdown } from '../../shared/Countdown';
import { channelLabels, escalationLabels } from '../../shared/labels';
import { useWorkQueueEvents } from '../../shared/live';
import { OrderTimeline } from '../../shared/OrderTimeline';
import { ProblemAlert } from '../../shared/ProblemAlert';
import { StatusTag } from '../../shared/StatusTag';
import { gridName, useRegisterNames } from '../../shared/register';
import { useNoticeEvents } from '../../shell/notices';

const text = {
  'zh-CN': {
    colon: '：',
    heading: '工单详情',
    number: '工单编号',
    status: '状态',
    escalation: '督办等级',
    channel: '来源渠道',
    resident: '群众',
    keyPopulations: '重点人群',
    address: '地址',
    grid: '网格',
    handler: '经办',
    signedBy: '签收人',
    coHandlers: '协办',
    clocks: '时限',
    extension: '延期申请',
    committed: '整改时限',
    rating: '回访评价',
    mergedInto: '已并入',
    createdAt: '点单时间',
    description: '诉求内容',
    actions: '办理',
    contact: '联系方式',
    none: '—',
    ratings: { satisfied: '满意', partly: '基本满意', unsatisfied: '不满意' },
    extensionText: (until: string, reason: string) => `至 ${until}（${reason}）`,
  },
  en: {
    colon: ': ',
    heading: 'Order',
    number: 'Order number',
    status: 'Status',
    escalation: 'Escalation',
    channel: 'Channel',
    resident: 'Resident',
    keyPopulations: 'Key populations',
    address: 'Address',
    grid: 'Grid',
    handler: 'Handler',
    signedBy: 'Signed by',
    coHandlers: 'Co-handlers',
    clocks: 'Time limits',
    extension: 'Extension request',
    committed: 'Committed deadline',
    rating: 'Check-back',
    mergedInto: 'Merged into',
    createdAt: 'Placed at',
    description: 'What the resident asks',
    actions: 'Work on it',
    contact: 'Contact',
    none: '—',
    ratings: { satisfied: 'Satisfied', partly: 'Partly satisfied', unsatisfied: 'Unsatisfied' },
    extensionText: (until: string, reason: string) => `until ${until} (${reason})`,
  },
};

const revealRoles = ['agent', 'grid_worker', 'dispatcher', 'member', 'social_org', 'supervisor'] as const;

/**
 * 工单详情: the order as tracking shows it (personal data masked; 查看完整号码 for those who may),
 * its clocks counting down, the commands the person may give, and the timeline with diary photos.
 * It follows the order live (work-queue events and notices of this order reload it).
 */
export default function OrderPage() {
  const { id = '' } = useParams();
  const api = useApi();
  const { principal } = useSession();
  const t = useText(text);
  const { language } = useLanguage();
  const [order, setOrder] = useState<OrderView | undefined>();
  const [problem, setProblem] = useState<ProblemError | undefined>();
  const [version, setVersion] = useState(0);
  const [timelineVersion, setTimelineVersion] = useState(0);
  const names = useRegisterNames();

  useEffect(() => {
    const controller = new AbortController();
    api.residents.order(id, controller.signal).then(
      (view) => {
        setOrder((current) => (current && current.id === view.id && current.sequence > view.sequence ? current : view));
        setProblem(undefined);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setProblem(error instanceof ProblemError ? error : undefined);
      },
    );
    return () => controller.abort();
  }, [api, id, version]);

  const refresh = () => {
    setVersion((v) => v + 1);
    setTimelineVersion((v) => v + 1);
  };
  useWorkQueueEvents((event) => {
    if (event.id === id) refresh();
  }, refresh);
  useNoticeEvents((notice) => {
    if (notice.orderId === id) refresh();
  });

  const onDone = (view: OrderView) => {
    setOrder(view);
    setTimelineVersion((v) => v + 1);
    // The timeline follows the order's events within a second or two.
    window.setTimeout(() => setTimelineVersion((v) => v + 1), 1500);
  };

  if (!order) {
    return (
      <section aria-labelledby="order-heading">
        <Typography.Title level={1} id="order-heading" className="view-heading" style={{ fontSize: 22 }}>
          {t.heading} {id}
        </Typography.Title>
        <ProblemAlert problem={problem} />
        {!problem && <Skeleton active />}
      </section>
    );
  }

  const runningClocks = order.clocks;
  const items = [
    { key: 'number', label: t.number, children: <Typography.Text copyable>{order.id}</Typography.Text> },
    { key: 'status', label: t.status, children: <StatusTag status={order.status} /> },
    { key: 'escalation', label: t.escalation, children: escalationLabels[language][order.escalationLevel] },
    { key: 'channel', label: t.channel, children: channelLabels[language][order.channel] },
    { key: 'resident', label: t.resident, children: `${order.resident.name}${order.resident.phone ? ` · ${order.resident.phone}` : ''}` },
    ...(order.resident.keyPopulations.length > 0 ? [{ key: 'kp', label: t.keyPopulations, children: order.resident.keyPopulations.join('、') }] : []),
    { key: 'address', label: t.address, children: order.location.address ?? t.none },
    { key: 'grid', label: t.grid, children: gridName(names, order.location.gridId) },
    {
      key: 'handler',
      label: t.handler,
      children: order.handler ? `${order.handler.name}${order.handler.signedBy?.name ? `（${t.signedBy}${t.colon}${order.handler.signedBy.name}）` : ''}` : t.none,
    },
    ...(order.coHandlers.length > 0 ? [{ key: 'co', label: t.coHandlers, children: order.coHandlers.map((c) => c.name).join('、') }] : []),
    {
      key: 'clocks',
      label: t.clocks,
      children:
        runningClocks.length === 0 ? (
          t.none
        ) : (
          <Space size={4} wrap>
            {runningClocks.map((clock) => (
              <Countdown
                key={clock.name}
                dueAt={clock.dueAt}
                level={clock.level}
                clock={clock.name}
                {...(clock.remainingMsWhilePaused !== undefined ? { pausedRemainingMs: clock.remainingMsWhilePaused } : {})}
              />
            ))}
          </Space>
        ),
    },
    ...(order.pendingExtension
      ? [{ key: 'ext', label: t.extension, children: t.extensionText(dayjs(order.pendingExtension.until).format('YYYY-MM-DD HH:mm'), order.pendingExtension.reason) }]
      : []),
    ...(order.committedDeadline ? [{ key: 'committed', label: t.committed, children: dayjs(order.committedDeadline).format('YYYY-MM-DD HH:mm') }] : []),
    ...(order.rating ? [{ key: 'rating', label: t.rating, children: t.ratings[order.rating] }] : []),
    ...(order.mergedInto ? [{ key: 'merged', label: t.mergedInto, children: order.mergedInto }] : []),
    { key: 'created', label: t.createdAt, children: dayjs(order.createdAt).format('YYYY-MM-DD HH:mm') },
  ];

  return (
    <section aria-labelledby="order-heading" data-testid="order-page">
      <Flex vertical gap={16}>
        <div>
          <Typography.Title level={1} id="order-heading" className="view-heading" style={{ fontSize: 22 }}>
            {order.title}
          </Typography.Title>
          <OrderTags order={order} />
        </div>
        <ProblemAlert problem={problem} />
        <Card>
          <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2, lg: 3 }} items={items} />
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
            {t.description}
          </Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{order.description}</Typography.Paragraph>
        </Card>
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t.actions}</h2>}>
          <Flex vertical gap={12}>
            <OrderActions
              order={{
                ...order,
                ...(order.location.organisationId ? { organisationId: order.location.organisationId } : {}),
                ...(order.location.gridId ? { gridId: order.location.gridId } : {}),
              }}
              onDone={onDone}
            />
            {holdsAny(principal, revealRoles) && order.status !== 'closed' && (
              <div>
                <Typography.Text type="secondary">{t.contact}</Typography.Text>
                <RevealContact orderId={order.id} />
              </div>
            )}
          </Flex>
        </Card>
        <Card>
          <OrderTimeline orderId={order.id} refreshKey={timelineVersion} />
        </Card>
      </Flex>
    </section>
  );
}
