import type { CSSProperties } from 'react';
import { Alert } from 'antd';
import { ProblemError } from '../api/problem';
import { useText } from '../i18n';

const text = {
  'zh-CN': { retry: '可稍后重试，重试不会重复办理。' },
  en: { retry: 'You may try again: a retry is applied only once.' },
};

interface FieldError {
  path?: unknown;
  message?: unknown;
}

/**
 * A refusal shown right next to the action it refused: the service's zh-CN problem title and
 * detail (and each field's message for a validation failure), as an alert screen readers announce.
 */
export function ProblemAlert({ problem, onClose, style, testId }: { problem: ProblemError | undefined; onClose?: () => void; style?: CSSProperties; testId?: string }) {
  const t = useText(text);
  if (!problem) return null;
  const { title, detail } = problem.problem;
  const errors = Array.isArray(problem.problem.errors) ? (problem.problem.errors as FieldError[]) : [];
  const description = (
    <>
      {errors.length > 0 ? (
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {errors.map((e, i) => (
            <li key={i}>{`${typeof e.path === 'string' && e.path !== '(root)' ? `${e.path}: ` : ''}${String(e.message ?? '')}`}</li>
          ))}
        </ul>
      ) : (
        detail && <span>{detail}</span>
      )}
      {problem.retriable && <div>{t.retry}</div>}
    </>
  );
  return (
    <Alert
      type={problem.retriable ? 'warning' : 'error'}
      showIcon
      role="alert"
      data-testid={testId ?? 'problem'}
      data-problem-code={problem.problem.code}
      title={title ?? problem.message}
      description={description}
      style={{ marginBlock: 8, ...style }}
      {...(onClose ? { closable: { onClose } } : {})}
    />
  );
}

export { ProblemError };
