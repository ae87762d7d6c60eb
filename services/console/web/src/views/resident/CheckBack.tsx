import { useId, useState } from 'react';
import { Button, Input, Radio } from 'antd';
import type { CheckBackRating } from '@lianxin/contracts/order';
import type { ResidentApi, TrackedOrder } from './api';
import { ProblemNote } from './ProblemNote';
import { card, palette, secondary, sectionHeading } from './styles';
import type { ResidentText } from './text';

const ratings: readonly CheckBackRating[] = ['satisfied', 'partly', 'unsatisfied'];

/**
 * 回访: once the order is resolved, the resident says 满意 / 基本满意 / 不满意 (不满意 reopens it),
 * with an optional comment. A refusal (the rating period over, the order changed meanwhile) is
 * shown under the button in the service's words.
 */
export function CheckBack({ api, text, problems, onDone }: { api: ResidentApi; text: ResidentText['checkBack']; problems: ResidentText['problems']; onDone: (order: TrackedOrder) => void }) {
  const headingId = useId();
  const questionId = useId();
  const commentId = useId();
  const commentHelpId = useId();
  const [rating, setRating] = useState<CheckBackRating>();
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit() {
    if (!rating) {
      setMissing(true);
      return;
    }
    setSending(true);
    setError(undefined);
    try {
      const trimmed = comment.trim();
      onDone(await api.command({ type: 'checkBack', rating, ...(trimmed ? { comment: trimmed } : {}) }));
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  }

  return (
    <section aria-labelledby={headingId} style={card}>
      <h2 id={headingId} style={sectionHeading}>
        {text.heading}
      </h2>
      <p style={secondary}>{text.intro}</p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <p id={questionId} style={{ fontWeight: 600, margin: '12px 0 8px' }}>
          {text.question}
        </p>
        <Radio.Group
          aria-labelledby={questionId}
          aria-required="true"
          value={rating}
          onChange={(event) => {
            setRating(event.target.value as CheckBackRating);
            setMissing(false);
          }}
          style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
        >
          {ratings.map((value) => (
            <Radio.Button key={value} value={value} style={{ minWidth: 96, textAlign: 'center', height: 44, lineHeight: '42px' }}>
              {text.ratings[value]}
            </Radio.Button>
          ))}
        </Radio.Group>
        {missing ? (
          <p role="alert" style={{ color: palette.overdueText, margin: '4px 0 0' }}>
            {text.ratingMissing}
          </p>
        ) : null}
        <label htmlFor={commentId} style={{ display: 'block', margin: '16px 0 4px' }}>
          {text.comment}
        </label>
        <Input.TextArea id={commentId} aria-describedby={commentHelpId} value={comment} maxLength={2000} autoSize={{ minRows: 3, maxRows: 8 }} onChange={(event) => setComment(event.target.value)} />
        <div id={commentHelpId} style={{ ...secondary, fontSize: 14 }}>
          {text.commentHelp}
        </div>
        <Button type="primary" htmlType="submit" size="large" loading={sending} style={{ marginTop: 16, width: '100%' }}>
          {text.submit}
        </Button>
        <ProblemNote error={error} text={problems} />
      </form>
    </section>
  );
}
