import { useState } from 'react';
import { Button, Flex } from 'antd';
import { useApi } from '../api/services';
import type { OrderCommand, OrderCommandType, OrderView } from '../api/types';
import { useSession } from '../auth/session';
import { useText } from '../i18n';
import { ProblemAlert } from '../shared/ProblemAlert';
import { useAction } from '../shared/useAction';
import { allCommands, instantCommands, offeredCommands } from './availability';
import { CommandDialog, type CommandOrder } from './CommandDialog';
import { actionText } from './text';

/** The buttons a command deserves: the order's main step as primary, refusals and cancellations as danger. */
const primary: ReadonlySet<OrderCommandType> = new Set(['accept', 'claim', 'sign', 'dispatch', 'contact', 'resolve', 'supervisorDecide', 'decideExtension']);
const danger: ReadonlySet<OrderCommandType> = new Set(['reject', 'return', 'cancel']);

/**
 * The commands the signed-in person may give on an order, as buttons: one click for those that
 * need nothing more (受理, 认领, 签收, 恢复), a dialog for the rest. A refusal shows right below
 * the buttons (or in the dialog, above its submit button), in the service's zh-CN words.
 */
export function OrderActions({
  order,
  among = allCommands,
  onDone,
  size = 'middle',
  block = false,
}: {
  order: CommandOrder;
  among?: readonly OrderCommandType[];
  onDone?: (view: OrderView) => void;
  size?: 'small' | 'middle' | 'large';
  block?: boolean;
}) {
  const api = useApi();
  const { principal } = useSession();
  const t = useText(actionText);
  const [dialog, setDialog] = useState<OrderCommandType | undefined>();
  const instant = useAction((key: string, type: OrderCommandType) => api.command(order.id, { type } as OrderCommand, { idempotencyKey: key }));
  const offered = offeredCommands(principal, order, among);
  if (offered.length === 0) return null;

  const click = async (type: OrderCommandType) => {
    if (!instantCommands.has(type)) {
      instant.clear();
      setDialog(type);
      return;
    }
    const view = await instant.run(type);
    if (view) onDone?.(view);
  };

  return (
    <div data-testid={`actions-${order.id}`}>
      <Flex gap={8} wrap vertical={block}>
        {offered.map((type) => (
          <Button
            key={type}
            size={size}
            block={block}
            type={primary.has(type) ? 'primary' : 'default'}
            danger={danger.has(type)}
            loading={instant.pending && instantCommands.has(type)}
            onClick={() => void click(type)}
            data-command={type}
          >
            {t.commands[type]}
          </Button>
        ))}
      </Flex>
      <ProblemAlert problem={instant.problem} onClose={instant.clear} />
      {dialog && <CommandDialog order={order} type={dialog} open onClose={() => setDialog(undefined)} onDone={(view) => onDone?.(view)} />}
    </div>
  );
}
