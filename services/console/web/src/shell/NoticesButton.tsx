import { useState } from 'react';
import { Badge, Button, Drawer, Empty, Flex, List, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { useText } from '../i18n';
import { useNotices } from './notices';

const text = {
  'zh-CN': {
    notices: '通知',
    unread: (n: number) => (n > 0 ? `通知（${n} 条未读）` : '通知'),
    markAll: '全部标为已读',
    markRead: '标为已读',
    empty: '暂无通知',
    open: '查看工单',
    live: '实时',
  },
  en: {
    notices: 'Notices',
    unread: (n: number) => (n > 0 ? `Notices (${n} unread)` : 'Notices'),
    markAll: 'Mark all read',
    markRead: 'Mark read',
    empty: 'No notices',
    open: 'Open order',
    live: 'live',
  },
};

/** The bell: unread count, and a drawer of the person's notices with links to their orders. */
export function NoticesButton({ compact }: { compact: boolean }) {
  const t = useText(text);
  const { items, unread, markRead } = useNotices();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button
          type="text"
          icon={<BellOutlined aria-hidden />}
          onClick={() => setOpen(true)}
          aria-label={t.unread(unread)}
          style={{ color: '#ffffff' }}
          data-testid="notices-button"
        >
          {compact ? null : t.notices}
        </Button>
      </Badge>
      <Drawer
        title={t.notices}
        open={open}
        onClose={() => setOpen(false)}
        size={compact ? 'default' : 'large'}
        extra={
          unread > 0 ? (
            <Button size="small" onClick={() => void markRead('all')}>
              {t.markAll}
            </Button>
          ) : null
        }
      >
        {items.length === 0 ? (
          <Empty description={t.empty} />
        ) : (
          <List
            dataSource={items}
            rowKey="id"
            renderItem={(notice) => (
              <List.Item data-testid="notice">
                <Flex vertical gap={4} style={{ width: '100%' }}>
                  <Typography.Text strong={!notice.readAt}>{notice.title}</Typography.Text>
                  <Typography.Text>{notice.text}</Typography.Text>
                  <Flex gap={12} wrap align="center">
                    <Typography.Text type="secondary">
                      <time dateTime={notice.createdAt}>{dayjs(notice.createdAt).format('MM-DD HH:mm')}</time>
                    </Typography.Text>
                    <Link
                      to={`/orders/${encodeURIComponent(notice.orderId)}`}
                      onClick={() => {
                        setOpen(false);
                        if (!notice.readAt) void markRead([notice.id]);
                      }}
                    >
                      {t.open} {notice.orderId}
                    </Link>
                    {!notice.readAt && (
                      <Button size="small" type="link" onClick={() => void markRead([notice.id])}>
                        {t.markRead}
                      </Button>
                    )}
                  </Flex>
                </Flex>
              </List.Item>
            )}
          />
        )}
      </Drawer>
    </>
  );
}
