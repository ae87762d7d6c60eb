import { orderFailureOf } from '@lianxin/order-client';
import { HttpProblem, unavailableProblem } from '@lianxin/platform';

const refusalStatus: Record<string, { status: number; title: string }> = {
  WrongState: { status: 409, title: '工单当前状态不允许此操作' },
  NotAllowed: { status: 403, title: '无权执行此操作' },
  OutOfScope: { status: 403, title: '不在管辖范围内' },
  NotYourOrder: { status: 403, title: '不是您经办的工单' },
  BadArguments: { status: 422, title: '命令参数不正确' },
  DeadlinePassed: { status: 409, title: '已超过时限' },
  NeedsApproval: { status: 422, title: '超出自行决定的时限，需审批' },
  LimitReached: { status: 422, title: '已达上限' },
};

/** Maps a refused command, an ended or a missing order, or an engine that does not answer, to a problem people can act on (STYLE §5). */
export function orderProblem(error: unknown, orderId: string): HttpProblem | undefined {
  const failure = orderFailureOf(error, orderId);
  switch (failure?.kind) {
    case undefined:
      return undefined;
    case 'unavailable':
      return unavailableProblem('engine-unavailable', '工单引擎暂不可用', `暂时无法处理工单 ${orderId}，请稍后重试`);
    case 'not-found':
      return new HttpProblem(404, 'order-not-found', '工单不存在', `工单 ${orderId} 不存在或已归档`);
    case 'ended':
      return new HttpProblem(409, 'WrongState', '工单已结束', `工单 ${orderId} 已结束，不能再操作`);
    case 'refused': {
      const known = refusalStatus[failure.code] ?? { status: 409, title: '操作被拒绝' };
      return new HttpProblem(known.status, failure.code, known.title, failure.message, { refusal: failure.code });
    }
  }
}

/** Runs a call to an order's workflow, turning its domain failures into problems. */
export async function orOrderProblem<T>(orderId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw orderProblem(error, orderId) ?? error;
  }
}
