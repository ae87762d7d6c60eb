import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Button, Flex, Spin } from 'antd';
import { useText } from '../i18n';
import { useAuth } from './session';

const text = {
  'zh-CN': {
    redirecting: '正在跳转到登录页…',
    failed: '无法连接登录服务',
    retry: '重新登录',
    expired: '登录已过期，正在重新登录…',
    refused: '登录后服务仍不接受您的身份，请联系管理员检查配置。',
  },
  en: {
    redirecting: 'Taking you to sign in…',
    failed: 'Cannot reach the sign-in service',
    retry: 'Sign in again',
    expired: 'Your sign-in expired; signing in again…',
    refused: 'The services still refuse your sign-in; ask an administrator to check the configuration.',
  },
};

const attemptsKey = 'lianxin.console.sign-in-attempts';
/** More automatic sign-ins than this within a minute means the services refuse every token: stop and say so. */
const maxAttemptsPerMinute = 3;

/** Records an automatic sign-in; false when there were too many in the last minute (a loop). */
function mayRetrySignIn(): boolean {
  try {
    const now = Date.now();
    const recent = (JSON.parse(sessionStorage.getItem(attemptsKey) ?? '[]') as number[]).filter((at) => now - at < 60_000);
    if (recent.length >= maxAttemptsPerMinute) return false;
    sessionStorage.setItem(attemptsKey, JSON.stringify([...recent, now]));
  } catch {
    // storage unavailable: no loop guard
  }
  return true;
}

/** Renders its children for a signed-in person; anyone else is sent to sign in (and brought back here). */
export function RequireSession({ children }: { children: ReactNode }) {
  const { session, expired, signIn } = useAuth();
  const t = useText(text);
  const [failure, setFailure] = useState<string | undefined>();

  useEffect(() => {
    if (session) return;
    // Only sign-ins after a refused or expired token count towards a loop (not first visits or sign-outs).
    if (expired && !mayRetrySignIn()) {
      setFailure(t.refused);
      return;
    }
    signIn().catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)));
  }, [session, expired, signIn, t.refused]);

  if (session) return <>{children}</>;
  if (failure) {
    return (
      <Flex vertical align="center" gap={16} style={{ padding: 48 }}>
        <Alert type="error" showIcon title={t.failed} description={failure} />
        <Button
          type="primary"
          onClick={() => {
            sessionStorage.removeItem(attemptsKey);
            window.location.reload();
          }}
        >
          {t.retry}
        </Button>
      </Flex>
    );
  }
  return (
    <Flex vertical align="center" style={{ padding: 48 }}>
      <Spin size="large" />
      <p role="status">{expired ? t.expired : t.redirecting}</p>
    </Flex>
  );
}
