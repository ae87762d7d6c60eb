import { Router, type Request } from 'express';
import { z } from 'zod';
import { currentTraceId, HttpProblem, parseOrProblem, requireRole, type AccessDeniedRecorder, type AuditSink } from '@lianxin/platform';
import type { Principal } from '@lianxin/platform';
import {
  issueClientKey,
  publicClient,
  revokeClientKey,
  type IssuedOpen311Client,
  type Open311ClientList,
  type Open311ClientRecord,
  type Open311Clients,
} from './clients';

/** POST /api/v1/open311/clients: the client system's name. */
export const NewOpen311Client = z.strictObject({ name: z.string().trim().min(1).max(60).meta({ description: '接入系统名称, e.g. 市民热线 App' }) });
/** DELETE /api/v1/open311/clients/:id */
export const Open311ClientIdParams = z.strictObject({ id: z.string().regex(/^[a-z2-9]{12}$/, '接入系统编号格式不正确') });

/**
 * 接入系统管理 (admins only): issue an Open311 API key to a client system (answered once, kept
 * hashed), list the client systems, revoke one. Issuing and revoking are audited.
 */
export function open311ClientRoutes(options: { clients: Open311Clients; audit: AuditSink; recordDenied: AccessDeniedRecorder }): Router {
  const router = Router();
  const admin = (req: Request, res: Parameters<typeof requireRole>[1]): Principal => requireRole(req, res, 'manageOpen311Clients', options.recordDenied);
  const record = (principal: Principal, action: string, client: Pick<Open311ClientRecord, '_id' | 'name'>) =>
    options.audit.append({
      kind: 'command',
      actor: { id: principal.id, role: 'admin', ...(principal.organisationId ? { organisationId: principal.organisationId } : {}) },
      action,
      outcome: 'allowed',
      target: `open311-client:${client._id}`,
      details: { name: client.name },
      ...(currentTraceId() ? { traceId: currentTraceId() } : {}),
    });

  router.post('/api/v1/open311/clients', async (req, res) => {
    const principal = admin(req, res);
    if (req.body === undefined) throw new HttpProblem(415, 'unsupported-media-type', '请求体必须是 JSON', 'Content-Type 应为 application/json');
    const { name } = parseOrProblem(NewOpen311Client, req.body);
    const { client, apiKey } = await issueClientKey(options.clients, name, principal.id);
    await record(principal, 'issueOpen311Key', client);
    res
      .status(201)
      .location(`/api/v1/open311/clients/${client._id}`)
      .set('Cache-Control', 'no-store')
      .json({ ...publicClient(client), apiKey, notice: 'API 密钥只显示这一次，请妥善保存；遗失后请吊销并重新签发。' } satisfies IssuedOpen311Client);
  });

  router.get('/api/v1/open311/clients', async (req, res) => {
    admin(req, res);
    const items = await options.clients.find({}, { keyHash: 0 }).sort({ createdAt: -1 }).limit(500).lean<Open311ClientRecord[]>();
    res.set('Cache-Control', 'no-store').json({ items: items.map(publicClient), total: items.length } satisfies Open311ClientList);
  });

  router.delete('/api/v1/open311/clients/:id', async (req, res) => {
    const principal = admin(req, res);
    const { id } = parseOrProblem(Open311ClientIdParams, req.params, '路径参数');
    const revoked = await revokeClientKey(options.clients, id, principal.id);
    if (!revoked) throw new HttpProblem(404, 'open311-client-not-found', '接入系统不存在', `未找到接入系统 ${id}`);
    await record(principal, 'revokeOpen311Key', revoked);
    res.set('Cache-Control', 'no-store').json(publicClient(revoked));
  });
  return router;
}
