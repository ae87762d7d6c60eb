import { runProcess } from '@lianxin/platform';
import { loadIdentityConfig } from './config';
import { startIdentity } from './service';
import { logSignIns } from './sign-in';

void runProcess('identity', (ctx) => startIdentity(ctx, { config: loadIdentityConfig(), onSignIn: logSignIns(ctx.log) }));
