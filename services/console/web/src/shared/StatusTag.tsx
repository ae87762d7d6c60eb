import { Tag } from 'antd';
import type { OrderStatus } from '../api/types';
import { useLanguage } from '../i18n';
import { tagColors } from '../shell/theme';
import { statusLabels } from './labels';

const colors: Partial<Record<OrderStatus, string>> = {
  received: tagColors.gold,
  accepted: tagColors.orange,
  open_for_claim: tagColors.cyan,
  dispatched: tagColors.blue,
  returned: tagColors.volcano,
  signed: tagColors.geekblue,
  in_progress: tagColors.blue,
  paused: tagColors.gray,
  explained: tagColors.purple,
  resolved: tagColors.green,
  awaiting_supervisor: tagColors.magenta,
  closed: tagColors.green,
};

/** An order's status as a coloured tag, in the person's language. */
export function StatusTag({ status }: { status: OrderStatus }) {
  const { language } = useLanguage();
  return (
    <Tag color={colors[status]} data-testid="status" data-status={status}>
      {statusLabels[language][status] ?? status}
    </Tag>
  );
}
