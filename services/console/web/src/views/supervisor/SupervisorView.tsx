import { useMemo } from 'react';
import { Card, Col, Empty, Flex, Row, Statistic, Typography } from 'antd';
import { ProblemError } from '../../api/problem';
import { useApi } from '../../api/services';
import type { EscalationLevel, OrderCommandType, OrderSummary, OverdueBoardPage } from '../../api/types';
import { useLanguage, useText } from '../../i18n';
import { OrderActions } from '../../orders/OrderActions';
import { OrderLink, OrderNumber, OrderState, OrderTags } from '../../orders/OrderSummaryBits';
import { escalationLabels } from '../../shared/labels';
import { LiveIndicator } from '../../shared/LiveIndicator';
import { useLiveQuery } from '../../shared/live';
import { ProblemAlert } from '../../shared/ProblemAlert';

const text = {
  'zh-CN': {
    colon: '：',
    heading: '督办',
    decisions: '待督办决定',
    decisionsHint: '重办次数已满的工单，由督办决定销号或改派他人办理。',
    escalated: '超期与督办工单',
    escalatedHint: '本级及下级已预警、超期、催办、督办、挂牌督办的未办结工单和待审批的延期申请，最先到期的在前，随实时推送更新。',
    emptyDecisions: '没有待决定的工单',
    emptyEscalated: '没有超期或督办中的工单',
    handler: '经办',
    reopened: (n: number) => `已重办 ${n} 次`,
  },
  en: {
    colon: ': ',
    heading: 'Supervision',
    decisions: 'Decisions due',
    decisionsHint: 'Orders that reached the reopen cap: close them or hand them to someone else.',
    escalated: 'Overdue and supervised orders',
    escalatedHint: 'Open orders of your area that are due soon, overdue, reminded, supervised or escalated, and extension requests to decide — the first due at the top, kept live.',
    emptyDecisions: 'No decisions due',
    emptyEscalated: 'Nothing overdue or supervised',
    handler: 'Handler',
    reopened: (n: number) => `Reopened ${n} times`,
  },
};

/** The board's size: one read holds the whole board of a township. */
const boardLimit = 200;

const escalatedCommands: readonly OrderCommandType[] = ['remind', 'reassign', 'decideExtension', 'resume'];
const tallied: readonly EscalationLevel[] = ['warning', 'overdue', 'reminded', 'supervised', 'escalated'];

function BoardCard({ order, commands, onDone }: { order: OrderSummary; commands: readonly OrderCommandType[]; onDone(): void }) {
  const t = useText(text);
  const { language } = useLanguage();
  return (
    <Card size="small" data-testid="supervision-order" data-level={order.escalationLevel} data-order-id={order.id}>
      <Flex vertical gap={8}>
        <Flex gap={8} wrap align="center">
          <Typography.Title level={3} style={{ fontSize: 15, margin: 0 }}>
            <OrderLink order={order} />
          </Typography.Title>
          <Typography.Text strong>{escalationLabels[language][order.escalationLevel]}</Typography.Text>
        </Flex>
        <OrderNumber id={order.id} />
        <OrderTags order={order} />
        <OrderState order={order} />
        {order.handler && <Typography.Text>{`${t.handler}${t.colon}${order.handler.name}`}</Typography.Text>}
        {order.reopenCount > 0 && <Typography.Text>{t.reopened(order.reopenCount)}</Typography.Text>}
        <OrderActions order={order} among={commands} onDone={onDone} size="small" />
      </Flex>
    </Card>
  );
}

/**
 * 督办: the orders that reached the reopen cap (督办决定: close, or reassign), and the overdue,
 * reminded, supervised and escalated orders of the supervisor's area with live countdowns
 * (催办, 改派, 延期审批). Leaders see the same, without the actions.
 */
export default function SupervisorView() {
  const api = useApi();
  const t = useText(text);
  const { language } = useLanguage();
  // The cadres board of the supervisor's subtree: escalated orders, 待督办决定 and extension requests, most overdue first, live.
  const board = useLiveQuery<OverdueBoardPage>(
    () => api.cadres.overdueBoard({ minLevel: 'warning', include: 'decisions,extensions', limit: boardLimit }),
    [api],
  );
  const decisions = useMemo(() => (board.data?.items ?? []).filter((o) => o.status === 'awaiting_supervisor'), [board.data]);
  const escalated = useMemo(() => (board.data?.items ?? []).filter((o) => o.status !== 'awaiting_supervisor'), [board.data]);

  const counts = useMemo(() => {
    const tally = Object.fromEntries(tallied.map((level) => [level, 0])) as Record<EscalationLevel, number>;
    for (const order of escalated) if (order.escalationLevel in tally) tally[order.escalationLevel] += 1;
    return tally;
  }, [escalated]);

  const afterCommand = () => board.reload();

  return (
    <section aria-labelledby="supervisor-heading" data-testid="supervisor-view">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={1} id="supervisor-heading" className="view-heading" style={{ fontSize: 22, margin: 0 }}>
          {t.heading}
        </Typography.Title>
        <LiveIndicator />
      </Flex>
      <ProblemAlert problem={board.error instanceof ProblemError ? board.error : undefined} />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {tallied.map((level) => (
          <Col key={level} xs={12} sm={8} md={4}>
            <Card size="small">
              <Statistic title={escalationLabels[language][level]} value={counts[level]} />
            </Card>
          </Col>
        ))}
      </Row>
      <Flex vertical gap={16}>
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{`${t.decisions}（${decisions.length}）`}</h2>} data-testid="decisions">
          <Typography.Paragraph type="secondary">{t.decisionsHint}</Typography.Paragraph>
          {decisions.length === 0 ? (
            <Empty description={t.emptyDecisions} />
          ) : (
            <Flex vertical gap={12}>
              {decisions.map((order) => (
                <BoardCard key={order.id} order={order} commands={['supervisorDecide', 'remind']} onDone={afterCommand} />
              ))}
            </Flex>
          )}
        </Card>
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{`${t.escalated}（${escalated.length}）`}</h2>} data-testid="escalated">
          <Typography.Paragraph type="secondary">{t.escalatedHint}</Typography.Paragraph>
          {escalated.length === 0 ? (
            <Empty description={t.emptyEscalated} />
          ) : (
            <Flex vertical gap={12}>
              {escalated.map((order) => (
                <BoardCard key={order.id} order={order} commands={escalatedCommands} onDone={afterCommand} />
              ))}
            </Flex>
          )}
        </Card>
      </Flex>
    </section>
  );
}
