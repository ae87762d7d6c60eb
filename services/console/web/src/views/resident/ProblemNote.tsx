import { Alert } from 'antd';
import { isAbort, ProblemError } from '../../api/problem';
import type { ResidentText } from './text';

/**
 * A refusal next to the action it refused: the service's own zh-CN words (title and detail),
 * announced to screen readers; in English with a line saying so.
 */
export function ProblemNote({ error, text }: { error: unknown; text: ResidentText['problems'] }) {
  if (error === undefined || isAbort(error)) return null;
  const problem = error instanceof ProblemError ? error.problem : undefined;
  const title = problem?.title ?? text.failed;
  const detail = error instanceof ProblemError && error.status === 0 ? text.network : problem?.detail;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginTop: 12 }}
      title={
        <>
          {text.inEnglish ? <span lang="en">{text.inEnglish} </span> : null}
          <span lang="zh-CN">{title}</span>
        </>
      }
      description={detail ? <span lang="zh-CN">{detail}</span> : undefined}
    />
  );
}
