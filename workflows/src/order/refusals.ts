import type { OrderStatus } from '@lianxin/contracts/order';
import { orderStatusLabels } from '@lianxin/contracts/order/status';

/** Why a command was refused (STYLE §5); the message is for people, in zh-CN. */
export interface Refusal {
  code: 'WrongState' | 'NotAllowed' | 'OutOfScope' | 'NotYourOrder' | 'BadArguments' | 'DeadlinePassed' | 'NeedsApproval' | 'LimitReached';
  message: string;
}

export class OrderRefused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
    this.name = 'OrderRefused';
  }
}

export const commandLabels = {
  accept: '受理',
  reject: '不予受理',
  merge: '合并',
  dispatch: '派单',
  openForClaim: '发布认领',
  claim: '认领',
  sign: '签收',
  return: '退单',
  contact: '联系群众',
  addDiaryEntry: '记录民情日记',
  resolve: '办结',
  explain: '解释说明',
  requestExtension: '申请延期',
  decideExtension: '审批延期',
  pause: '挂起',
  resume: '恢复办理',
  reassign: '改派',
  remind: '催办',
  cancel: '撤单',
  checkBack: '回访',
  supervisorDecide: '督办决定',
} as const;

export function wrongState(status: OrderStatus, command: keyof typeof commandLabels): Refusal {
  return { code: 'WrongState', message: `工单当前状态为「${orderStatusLabels[status]}」，不能${commandLabels[command]}` };
}

export function notAllowed(command: keyof typeof commandLabels, role: string): Refusal {
  return { code: 'NotAllowed', message: `角色「${role}」无权${commandLabels[command]}` };
}

export const notYourOrder: Refusal = { code: 'NotYourOrder', message: '您不是该工单的经办人' };

export function badArguments(message: string): Refusal {
  return { code: 'BadArguments', message };
}
