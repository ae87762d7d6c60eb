import type { Request } from 'express';
import { residentActor, type Actor } from '@lianxin/contracts';
import { HttpProblem, type AccessDeniedRecorder } from '@lianxin/platform';
import { trackingCodeMatches, type CodeSealer, type TrackingCodes } from './tracking-codes';

/** The header a resident sends their code in (not the URL: addresses end up in logs and histories). */
export const trackingCodeHeader = 'x-tracking-code';

/**
 * The resident acting on their own order with its tracking code: undefined when the request
 * carries no code; a 403 (recorded) when the code is not this order's.
 */
export function residentByTrackingCode(codes: TrackingCodes, sealer: CodeSealer, recordDenied: AccessDeniedRecorder) {
  return async (req: Request, orderId: string): Promise<Actor | undefined> => {
    const code = req.header(trackingCodeHeader);
    if (code === undefined) return undefined;
    if (code.length > 20 || !(await trackingCodeMatches(codes, sealer, orderId, code))) {
      recordDenied({ route: req.path, reason: 'tracking code does not match', status: 403, req });
      throw new HttpProblem(403, 'tracking-code-mismatch', '查询码不正确', '工单编号与查询码不匹配，请核对后重试');
    }
    return residentActor(orderId);
  };
}
