import { runProcess, servicePort } from '@lianxin/platform';
import { startNotifications } from './service';

void runProcess('notifications', (ctx) => startNotifications(ctx, servicePort(process.env, 'NOTIFICATIONS_PORT', 8083)));
