import type { Request } from 'express';
import type { AuditEntry } from '@lianxin/contracts';
import type { Logger } from '../logger';
import type { AccessDeniedRecorder } from './access-control';

/**
 * Where a service appends what the audit trail keeps (sign-ins, commands, refusals, reveals,
 * denied accesses). The trail itself lives in @lianxin/audit; the platform knows only this.
 */
export type AuditSinkEntry = AuditEntry;

export interface AuditSink {
  append(entry: AuditSinkEntry): Promise<void>;
}

/** Records denied accesses in the background; a failure to record is logged, never thrown at the caller. */
export function deniedAccessRecorder(sink: AuditSink, log: Logger): AccessDeniedRecorder {
  return ({ principal, route, reason, status, req }) => {
    const entry: AuditSinkEntry = {
      kind: 'access_denied',
      actor: principal ? { id: principal.id, ...(principal.organisationId ? { organisationId: principal.organisationId } : {}) } : { id: 'anonymous' },
      action: `${req.method} ${route}`,
      outcome: 'refused',
      reason,
      details: { status, ...(principal ? { roles: principal.roles.join(',') } : {}), ip: clientAddress(req) },
    };
    sink.append(entry).catch((error: unknown) => log.error({ err: error, action: entry.action }, 'audit: could not record a denied access'));
  };
}

function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
