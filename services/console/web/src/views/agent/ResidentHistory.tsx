import { Card, Flex, List, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { useText } from '../../i18n';
import { ProblemAlert } from '../../shared/ProblemAlert';
import { StatusTag } from '../../shared/StatusTag';
import { useEarlierOrders } from './earlier-orders';

const text = {
  'zh-CN': {
    history: '该群众的历史工单',
    notAllowed: '按手机号查询历史工单需坐席、派单员或督办权限。',
    idle: '填写11位手机号后，自动显示该号码的历史工单（仅限您可查看的工单）。',
    loading: '正在查询历史工单…',
    none: '没有找到该号码的历史工单',
    count: (shown: number, total: number) => (total > shown ? `共 ${total} 件，显示最近 ${shown} 件` : `共 ${total} 件`),
    audited: '每次查询都会记入审计日志。',
  },
  en: {
    history: "Resident's earlier orders",
    notAllowed: 'Looking up earlier orders by phone number needs the agent, dispatcher or supervisor role.',
    idle: 'Once an 11-digit mobile number is entered, its earlier orders show here (only those you may read).',
    loading: 'Looking up earlier orders…',
    none: 'No earlier orders for this number',
    count: (shown: number, total: number) => (total > shown ? `${total} in all, the latest ${shown} shown` : `${total} in all`),
    audited: 'Every lookup is recorded in the audit trail.',
  },
};

/**
 * 历史工单 beside the intake form: the caller's earlier orders by the number in the phone field
 * (number, title, status, date; each a link to the order), searched as soon as it is a valid
 * number. Names and numbers stay masked; only orders the agent may read are shown.
 */
export function ResidentHistory({ phone, allowed }: { phone: string | undefined; allowed: boolean }) {
  const t = useText(text);
  const state = useEarlierOrders(phone, allowed);
  let body;
  if (!allowed) body = <Typography.Text type="secondary">{t.notAllowed}</Typography.Text>;
  else if (state.phase === 'idle') body = <Typography.Text type="secondary">{t.idle}</Typography.Text>;
  else if (state.phase === 'loading') {
    body = (
      <Flex gap={8} align="center">
        <Spin size="small" />
        <Typography.Text type="secondary">{t.loading}</Typography.Text>
      </Flex>
    );
  }
  else if (state.phase === 'failed') body = <ProblemAlert problem={state.problem} />;
  else if (state.page.items.length === 0) body = <Typography.Text data-testid="resident-history-none">{t.none}</Typography.Text>;
  else {
    const { items, total } = state.page;
    body = (
      <Flex vertical gap={4}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="resident-history-count">
          {t.count(items.length, total)}
        </Typography.Text>
        <List
          size="small"
          dataSource={items}
          rowKey={(order) => order.id}
          renderItem={(order) => (
            <List.Item data-testid="earlier-order" data-order-id={order.id}>
              <Flex vertical gap={2} style={{ minWidth: 0 }}>
                <Link to={`/orders/${encodeURIComponent(order.id)}`}>{order.title}</Link>
                <Flex gap={8} wrap align="center">
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {order.id}
                  </Typography.Text>
                  <StatusTag status={order.status} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <time dateTime={order.createdAt}>{dayjs(order.createdAt).format('YYYY-MM-DD')}</time>
                  </Typography.Text>
                </Flex>
              </Flex>
            </List.Item>
          )}
        />
      </Flex>
    );
  }
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t.history}</h2>} size="small" data-testid="resident-history">
      <div aria-live="polite" aria-busy={state.phase === 'loading'}>
        {body}
      </div>
      {allowed && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
          {t.audited}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
