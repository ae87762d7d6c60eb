import { Router } from 'express';
import { codecServerRouter, payloadCodecFromEnv } from '@lianxin/data-protection';
import { currentTraceId, requireRole, type AccessDeniedRecorder, type AuditSink } from '@lianxin/platform';

/** Where the Temporal UI (and `temporal … --codec-endpoint`) finds the codec endpoint. */
export const codecEndpointPath = '/api/v1/temporal-codec';

/**
 * The codec endpoint for the Temporal UI and CLI: authorised operators (role admin) read
 * decoded order histories, which hold residents' personal data, so every use is audited.
 * Without a token or the role, nothing is decoded (401/403).
 */
export function codecRoutes(options: { audit: AuditSink; recordDenied: AccessDeniedRecorder; uiOrigins: readonly string[] }): Router {
  const router = Router();
  router.use(
    codecEndpointPath,
    codecServerRouter({
      codec: payloadCodecFromEnv(),
      uiOrigins: options.uiOrigins,
      authorise: async (req) => {
        const principal = requireRole(req, req.res!, 'decodePayloads', options.recordDenied);
        await options.audit.append({
          kind: 'reveal',
          actor: { id: principal.id, ...(principal.organisationId ? { organisationId: principal.organisationId } : {}) },
          action: `temporal-codec ${req.path.replace(/^\//, '')}`,
          outcome: 'allowed',
          ...(req.header('x-namespace') ? { target: req.header('x-namespace')! } : {}),
          ...(currentTraceId() ? { traceId: currentTraceId() } : {}),
        });
      },
    }),
  );
  return router;
}
