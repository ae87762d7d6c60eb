import { Router } from 'express';
import { HttpProblem, parseOrProblem, requireRole, type AccessDeniedRecorder } from '@lianxin/platform';
import { NotificationPreferences, type PreferencesStore } from './preferences';

/** 通知偏好 of the signed-in person: read, and replace (unset fields take their defaults). */
export function preferenceRoutes(store: PreferencesStore, recordDenied: AccessDeniedRecorder): Router {
  const router = Router();
  router.get('/api/v1/notification-preferences/me', async (req, res) => {
    const principal = requireRole(req, res, 'readOrder', recordDenied);
    res.json(NotificationPreferences.parse(await store.of(principal.id)));
  });
  router.put('/api/v1/notification-preferences/me', async (req, res) => {
    const principal = requireRole(req, res, 'readOrder', recordDenied);
    if (req.body === undefined) throw new HttpProblem(415, 'unsupported-media-type', '请求体必须是 JSON', 'Content-Type 应为 application/json');
    const preferences = parseOrProblem(NotificationPreferences, req.body);
    res.json(await store.save(principal.id, preferences));
  });
  return router;
}
