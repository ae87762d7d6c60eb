import { runProcess, servicePort } from '@lianxin/platform';
import { startCadres } from './service';

void runProcess('cadres', (ctx) => startCadres(ctx, servicePort(process.env, 'CADRES_PORT', 8082)));
