import { serviceAuditTrail } from '@lianxin/audit';
import { sampleAccounts } from '@lianxin/sample-register';
import {
  Closer,
  connectMongo,
  createHttpApp,
  finishHttpApp,
  mongoReady,
  serveHttp,
  type Logger,
  type ProcessContext,
  type RunningHttpService,
} from '@lianxin/platform';
import { signInLockout } from './accounts/lockout';
import { AccountStore } from './accounts/store';
import type { IdentityConfig } from './config';
import { pageContentSecurityPolicy } from './interaction/pages';
import { interactionRoutes } from './interaction/routes';
import { createProvider } from './provider/create-provider';
import { mongoModelStore, type ModelStore } from './provider/mongo-adapter';
import { auditSignIns, type SignInHook } from './sign-in';
import { loadSigningKeys } from './signing-keys';

/** How often expired sessions, codes and interactions are removed (for stores without TTL indexes). */
const sweepEveryMs = 15 * 60 * 1000;

function sweepPeriodically(models: ModelStore, log: Logger): () => Promise<void> {
  const timer = setInterval(() => {
    models.sweepExpired().then(
      (removed) => log.debug({ removed }, 'expired provider records removed'),
      (error: unknown) => log.warn({ err: error }, 'could not remove expired provider records'),
    );
  }, sweepEveryMs);
  timer.unref();
  return async () => clearInterval(timer);
}

export interface IdentityOptions {
  config: IdentityConfig;
  /** Told of every sign-in attempt, allowed or refused (never the password). */
  onSignIn: SignInHook;
}

/**
 * The identity service: the OpenID provider over its own database (`<prefix>_identity`: accounts,
 * signing keys, the provider's sessions, grants and codes), with /healthz and /readyz (Mongo).
 * On the first start it loads the sample accounts (when configured) and makes a signing key.
 */
export async function startIdentity(ctx: ProcessContext, { config, onSignIn }: IdentityOptions): Promise<RunningHttpService> {
  const { log } = ctx;
  const closer = new Closer();
  try {
    const db = await connectMongo(ctx.config, 'identity');
    closer.add(() => db.close());
    const accounts = new AccountStore(db, signInLockout(config.lockout));
    if (config.sampleAccounts) await accounts.seedIfEmpty(sampleAccounts, config.sampleAccounts.password, log);
    const signingKeys = await loadSigningKeys(db, log);
    const models = mongoModelStore(db, log);
    closer.add(sweepPeriodically(models, log));
    const audited = auditSignIns(serviceAuditTrail(db, ctx.config.mongo.dbPrefix, 'identity'), onSignIn);
    const provider = createProvider({ config, adapter: models.adapter, accounts, signingKeys, onSignIn: audited, log });

    const app = createHttpApp({
      service: 'identity',
      log,
      readiness: async () => ({ mongo: await mongoReady(db) }),
      securityHeaders: { contentSecurityPolicy: pageContentSecurityPolicy },
    });
    app.use(interactionRoutes(provider, accounts, audited));
    app.use(provider.callback());
    finishHttpApp(app, log);
    const running = await serveHttp(app, config.port, closer);
    log.info({ url: running.url, issuer: config.issuer, passwordGrant: config.passwordGrant }, 'identity service listening');
    return running;
  } catch (error) {
    await closer.close();
    throw error;
  }
}
