import { useEffect, useMemo, useState } from 'react';
import { Card, Empty, Flex, Select, Space, Table, Tabs, Typography } from 'antd';
import { ProblemError } from '../../api/problem';
import { allPages, useApi } from '../../api/services';
import type { OrderCommandType, OrderPage, OrderSummary, Organisation, OverdueBoardPage } from '../../api/types';
import { useSession } from '../../auth/session';
import { useLanguage, useText } from '../../i18n';
import { OrderActions } from '../../orders/OrderActions';
import { OrderLink, OrderNumber, OrderState, OrderTags } from '../../orders/OrderSummaryBits';
import { escalationLabels } from '../../shared/labels';
import { LiveIndicator } from '../../shared/LiveIndicator';
import { useLiveQuery } from '../../shared/live';
import { ProblemAlert } from '../../shared/ProblemAlert';
import { gridName, useRegisterNames } from '../../shared/register';

const text = {
  'zh-CN': {
    colon: '：',
    heading: '派单台',
    queue: '待派单',
    board: '超期看板',
    extensions: '延期审批',
    area: '管辖范围',
    allArea: '全部（本级及下级）',
    order: '工单',
    resident: '群众',
    grid: '网格',
    state: '状态与时限',
    handler: '经办',
    actions: '操作',
    emptyQueue: '没有等待派单的工单',
    emptyBoard: '没有预警或超期的工单',
    emptyExtensions: '没有待审批的延期申请',
    boardNote: '看板列出本辖区（或所选范围）未办结工单中已预警、超期、催办、督办、挂牌督办的工单和待审批的延期申请，最先到期的在前，随实时推送更新。',
    total: (n: number) => `共 ${n} 件`,
  },
  en: {
    colon: ': ',
    heading: 'Dispatch desk',
    queue: 'To dispatch',
    board: 'Overdue board',
    extensions: 'Extensions',
    area: 'Area',
    allArea: 'All (this level and below)',
    order: 'Order',
    resident: 'Resident',
    grid: 'Grid',
    state: 'Status and time limit',
    handler: 'Handler',
    actions: 'Actions',
    emptyQueue: 'Nothing waiting for dispatch',
    emptyBoard: 'Nothing due soon or overdue',
    emptyExtensions: 'No extension requests to decide',
    boardNote: 'The board lists the open orders of your area (or the one chosen) that are due soon, overdue, reminded, supervised or escalated, and those awaiting an extension decision — the first due at the top, kept live.',
    total: (n: number) => `${n} in all`,
  },
};

/** What the queue offers (the dispatcher's steps on a waiting order). */
const queueCommands: readonly OrderCommandType[] = ['accept', 'dispatch', 'openForClaim', 'reject', 'merge', 'remind'];
/** What the board offers (on orders someone is handling). */
const boardCommands: readonly OrderCommandType[] = ['remind', 'reassign', 'decideExtension', 'dispatch', 'openForClaim', 'accept'];

/** The board's size: one read holds the whole board of a township. */
const boardLimit = 200;

/**
 * 派单台: the dispatch queue of the dispatcher's subtree (待受理, 待派单, 已退单 — accept, dispatch
 * with suggestions, open for claiming, reject, merge), the overdue board with live countdowns
 * (remind, reassign), and the extension requests to decide. Lists follow the live work-queue stream.
 */
export default function DispatcherView() {
  const api = useApi();
  const { principal } = useSession();
  const t = useText(text);
  const { language } = useLanguage();
  const [area, setArea] = useState<string | undefined>();
  const [areas, setAreas] = useState<Organisation[]>([]);
  const [tab, setTab] = useState('queue');
  const names = useRegisterNames();

  useEffect(() => {
    if (!principal.organisationId) return;
    allPages<Organisation>((page) => api.cadres.organisations({ parentId: principal.organisationId, ...page })).then(
      (list) => setAreas(list.filter((o) => o.level !== 'agency')),
      () => setAreas([]),
    );
  }, [api, principal.organisationId]);

  const queue = useLiveQuery<OrderPage>(() => api.cadres.dispatchQueue({ ...(area ? { organisationId: area } : {}), limit: 200 }), [api, area]);
  // 超期看板: the cadres board of the area (most overdue first, extension requests included), live.
  const overdue = useLiveQuery<OverdueBoardPage>(
    () => api.cadres.overdueBoard({ ...(area ? { organisationId: area } : {}), minLevel: 'warning', include: 'extensions', limit: boardLimit }),
    [api, area],
  );

  const queueItems = useMemo(() => (queue.data?.items ?? []).filter((o) => o.status !== 'awaiting_supervisor'), [queue.data]);
  const board = overdue.data?.items ?? [];
  const extensions = useMemo(() => (overdue.data?.items ?? []).filter((o) => o.pendingExtension), [overdue.data]);

  const columns = (commands: readonly OrderCommandType[], onDone: () => void) => [
    {
      title: t.order,
      key: 'order',
      render: (_: unknown, order: OrderSummary) => (
        <Flex vertical gap={2}>
          <OrderLink order={order} />
          <OrderNumber id={order.id} />
          <OrderTags order={order} />
        </Flex>
      ),
    },
    { title: t.resident, dataIndex: 'residentName', key: 'resident', width: 90 },
    { title: t.grid, dataIndex: 'gridId', key: 'grid', width: 150, render: (grid?: string) => gridName(names, grid) },
    {
      title: t.state,
      key: 'state',
      width: 210,
      render: (_: unknown, order: OrderSummary) => (
        <Flex vertical gap={4} align="start">
          <OrderState order={order} />
          {order.handler && <Typography.Text type="secondary">{`${t.handler}${t.colon}${order.handler.name}`}</Typography.Text>}
        </Flex>
      ),
    },
    {
      title: t.actions,
      key: 'actions',
      width: 260,
      render: (_: unknown, order: OrderSummary) => (
        <OrderActions order={order} among={commands} size="small" onDone={onDone} />
      ),
    },
  ];

  const afterCommand = () => {
    queue.reload();
    overdue.reload();
  };

  return (
    <section aria-labelledby="dispatcher-heading" data-testid="dispatcher-view">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={1} id="dispatcher-heading" className="view-heading" style={{ fontSize: 22, margin: 0 }}>
          {t.heading}
        </Typography.Title>
        <Space wrap>
          {areas.length > 0 && (
            <Select
              aria-label={t.area}
              style={{ minWidth: 220 }}
              value={area ?? ''}
              onChange={(value) => setArea(value || undefined)}
              options={[{ value: '', label: t.allArea }, ...areas.map((o) => ({ value: o._id, label: o.name }))]}
              data-testid="area-filter"
            />
          )}
          <LiveIndicator />
        </Space>
      </Flex>
      <ProblemAlert problem={queue.error instanceof ProblemError ? queue.error : undefined} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'queue',
            label: `${t.queue}（${queueItems.length}）`,
            children: (
              <Card>
                <Table<OrderSummary>
                  rowKey="id"
                  size="middle"
                  loading={queue.loading && !queue.data}
                  dataSource={queueItems}
                  columns={columns(queueCommands, afterCommand)}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  locale={{ emptyText: <Empty description={t.emptyQueue} /> }}
                  scroll={{ x: 900 }}
                  data-testid="dispatch-queue"
                />
                <Typography.Text type="secondary">{t.total(queue.data?.total ?? 0)}</Typography.Text>
              </Card>
            ),
          },
          {
            key: 'board',
            label: `${t.board}（${overdue.data?.total ?? 0}）`,
            children: (
              <Card>
                <Typography.Paragraph type="secondary">{t.boardNote}</Typography.Paragraph>
                <ProblemAlert problem={overdue.error instanceof ProblemError ? overdue.error : undefined} />
                {board.length === 0 ? (
                  <Empty description={t.emptyBoard} />
                ) : (
                  <Flex vertical gap={12} data-testid="overdue-board">
                    {board.map((order) => (
                      <Card
                        key={order.id}
                        size="small"
                        data-testid="board-order"
                        data-level={order.escalationLevel}
                        title={
                          <Flex gap={8} wrap align="center">
                            <OrderLink order={order} />
                            <Typography.Text>{escalationLabels[language][order.escalationLevel]}</Typography.Text>
                          </Flex>
                        }
                      >
                        <Flex vertical gap={8}>
                          <OrderTags order={order} />
                          <OrderState order={order} />
                          {order.handler && <Typography.Text>{`${t.handler}${t.colon}${order.handler.name}`}</Typography.Text>}
                          <OrderActions order={order} among={boardCommands} size="small" onDone={afterCommand} />
                        </Flex>
                      </Card>
                    ))}
                  </Flex>
                )}
              </Card>
            ),
          },
          {
            key: 'extensions',
            label: `${t.extensions}（${extensions.length}）`,
            children: (
              <Card>
                <Table<OrderSummary>
                  rowKey="id"
                  dataSource={extensions}
                  columns={columns(['decideExtension'], afterCommand)}
                  pagination={false}
                  locale={{ emptyText: <Empty description={t.emptyExtensions} /> }}
                  scroll={{ x: 900 }}
                />
              </Card>
            ),
          },
        ]}
      />
    </section>
  );
}
