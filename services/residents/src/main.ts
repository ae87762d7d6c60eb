import { runProcess, servicePort } from '@lianxin/platform';
import { startResidents } from './service';

void runProcess('residents', (ctx) => startResidents(ctx, servicePort(process.env, 'RESIDENTS_PORT', 8081)));
