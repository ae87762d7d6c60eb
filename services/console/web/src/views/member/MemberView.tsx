import { useState } from 'react';
import { Card, Empty, Flex, Grid, Skeleton, Tabs, Typography } from 'antd';
import { ProblemError } from '../../api/problem';
import { useApi } from '../../api/services';
import type { OrderCommandType, OrderPage, OrderSummary } from '../../api/types';
import { holdsAny } from '../../auth/principal';
import { useSession } from '../../auth/session';
import { useText } from '../../i18n';
import { OrderActions } from '../../orders/OrderActions';
import { OrderLink, OrderNumber, OrderState, OrderTags } from '../../orders/OrderSummaryBits';
import { LiveIndicator } from '../../shared/LiveIndicator';
import { useLiveQuery } from '../../shared/live';
import { ProblemAlert } from '../../shared/ProblemAlert';

const text = {
  'zh-CN': {
    colon: '：',
    heading: '党员待办',
    inbox: '我的待办',
    claimBoard: '认领大厅',
    emptyInbox: '暂时没有待办工单',
    emptyBoard: '暂时没有可认领的工单',
    resident: '群众',
    handler: '经办',
    openToAll: '面向全体党员',
    offered: '定向认领',
  },
  en: {
    colon: ': ',
    heading: 'My work',
    inbox: 'My orders',
    claimBoard: 'Claim board',
    emptyInbox: 'Nothing to do right now',
    emptyBoard: 'Nothing to claim right now',
    resident: 'Resident',
    handler: 'Handler',
    openToAll: 'Open to all members',
    offered: 'Offered to you',
  },
};

/** What a handler does on their own orders, in the order of the work. */
const handlerCommands: readonly OrderCommandType[] = ['sign', 'contact', 'addDiaryEntry', 'resolve', 'explain', 'requestExtension', 'pause', 'resume', 'return'];

function OrderCard({ order, commands, onDone, block }: { order: OrderSummary; commands: readonly OrderCommandType[]; onDone(): void; block: boolean }) {
  const t = useText(text);
  return (
    <Card size="small" data-testid="member-order" data-order-id={order.id}>
      <Flex vertical gap={8}>
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          <OrderLink order={order} />
        </Typography.Title>
        <OrderNumber id={order.id} />
        <OrderTags order={order} />
        <OrderState order={order} />
        <Typography.Text>
          {`${t.resident}${t.colon}${order.residentName}`}
          {order.handler ? ` · ${t.handler}${t.colon}${order.handler.name}` : ''}
          {order.claim ? ` · ${order.claim.openToAll ? t.openToAll : t.offered}` : ''}
        </Typography.Text>
        <OrderActions order={order} among={commands} onDone={onDone} block={block} size={block ? 'large' : 'middle'} />
      </Flex>
    </Card>
  );
}

function OrderList({ page, loading, error, empty, commands, onDone, block }: { page?: OrderPage; loading: boolean; error: unknown; empty: string; commands: readonly OrderCommandType[]; onDone(): void; block: boolean }) {
  if (loading && !page) return <Skeleton active />;
  return (
    <Flex vertical gap={12}>
      <ProblemAlert problem={error instanceof ProblemError ? error : undefined} />
      {page && page.items.length === 0 && <Empty description={empty} />}
      {page?.items.map((order) => <OrderCard key={order.id} order={order} commands={commands} onDone={onDone} block={block} />)}
    </Flex>
  );
}

/**
 * 党员待办 (phone first): my orders (签收, 退单, 联系 with the full number, 民情日记 with photos,
 * 办结, 解释说明, 申请延期, 挂起/恢复) and the claim board (认领); both follow the live stream.
 */
export default function MemberView() {
  const api = useApi();
  const { principal } = useSession();
  const t = useText(text);
  const screens = Grid.useBreakpoint();
  const phone = !(screens.sm ?? false);
  const [tab, setTab] = useState('inbox');
  const mayClaim = holdsAny(principal, ['member', 'social_org']);

  const inbox = useLiveQuery<OrderPage>(() => api.cadres.inbox({ limit: 100 }), [api]);
  const board = useLiveQuery<OrderPage>(() => api.cadres.claimBoard({ limit: 100 }), [api], { enabled: mayClaim });
  const reloadAll = () => {
    inbox.reload();
    board.reload();
  };

  return (
    <section aria-labelledby="member-heading" data-testid="member-view">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Title level={1} id="member-heading" className="view-heading" style={{ fontSize: 22, margin: 0 }}>
          {t.heading}
        </Typography.Title>
        <LiveIndicator />
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        size={phone ? 'large' : 'middle'}
        items={[
          {
            key: 'inbox',
            label: `${t.inbox}（${inbox.data?.total ?? 0}）`,
            children: <OrderList page={inbox.data} loading={inbox.loading} error={inbox.error} empty={t.emptyInbox} commands={handlerCommands} onDone={reloadAll} block={phone} />,
          },
          ...(mayClaim
            ? [
                {
                  key: 'claim',
                  label: `${t.claimBoard}（${board.data?.total ?? 0}）`,
                  children: <OrderList page={board.data} loading={board.loading} error={board.error} empty={t.emptyBoard} commands={['claim']} onDone={reloadAll} block={phone} />,
                },
              ]
            : []),
        ]}
      />
    </section>
  );
}
