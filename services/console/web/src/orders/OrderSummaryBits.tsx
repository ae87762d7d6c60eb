import { Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { OrderSummary } from '../api/types';
import { useLanguage } from '../i18n';
import { Countdown } from '../shared/Countdown';
import { kindLabels, urgencyLabels } from '../shared/labels';
import { StatusTag } from '../shared/StatusTag';
import { tagColors } from '../shell/theme';

/** The order's title as a link to its page (with its number). */
export function OrderLink({ order }: { order: Pick<OrderSummary, 'id' | 'title'> }) {
  return (
    <Link to={`/orders/${encodeURIComponent(order.id)}`} data-testid="order-link">
      {order.title}
    </Link>
  );
}

/** Kind, category and urgency as tags (emergencies marked red). */
export function OrderTags({ order }: { order: Pick<OrderSummary, 'kind' | 'category' | 'urgency' | 'reopenCount'> }) {
  const { language } = useLanguage();
  return (
    <Space size={4} wrap>
      <Tag>{kindLabels[language][order.kind]}</Tag>
      <Tag>{order.category}</Tag>
      <Tag color={order.urgency === 'emergency' ? tagColors.red : order.urgency === 'utility' ? tagColors.orange : undefined}>{urgencyLabels[language][order.urgency]}</Tag>
      {order.reopenCount > 0 && <Tag color={tagColors.volcano}>{language === 'zh-CN' ? `重办 ${order.reopenCount} 次` : `Reopened ×${order.reopenCount}`}</Tag>}
    </Space>
  );
}

/** The status and the clock that falls due first. */
export function OrderState({ order }: { order: Pick<OrderSummary, 'status' | 'nextDeadline'> }) {
  return (
    <Space size={4} wrap>
      <StatusTag status={order.status} />
      {order.nextDeadline && <Countdown dueAt={order.nextDeadline.dueAt} level={order.nextDeadline.level} clock={order.nextDeadline.clock} />}
    </Space>
  );
}

export function OrderNumber({ id }: { id: string }) {
  return (
    <Typography.Text type="secondary" copyable={{ text: id }} style={{ fontSize: 12 }}>
      {id}
    </Typography.Text>
  );
}
