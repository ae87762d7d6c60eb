import { useId, useState } from 'react';
import { Button, Input } from 'antd';
import type { ResidentApi, TrackedOrder } from './api';
import { ProblemNote } from './ProblemNote';
import { card, palette, secondary, sectionHeading } from './styles';
import type { ResidentText } from './text';

/**
 * 撤单 while the order is not yet resolved: asks for the reason first (the workflow keeps it in
 * the record), then cancels. A refusal (the order moved on meanwhile) shows under the button.
 */
export function CancelOrder({ api, text, problems, onDone }: { api: ResidentApi; text: ResidentText['cancel']; problems: ResidentText['problems']; onDone: (order: TrackedOrder) => void }) {
  const headingId = useId();
  const reasonId = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit() {
    const trimmed = reason.trim();
    if (!trimmed) {
      setMissing(true);
      return;
    }
    setSending(true);
    setError(undefined);
    try {
      onDone(await api.command({ type: 'cancel', reason: trimmed }));
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
      {open ? (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <label htmlFor={reasonId} style={{ display: 'block', margin: '8px 0 4px' }}>
            {text.reason}
          </label>
          <Input.TextArea
            id={reasonId}
            value={reason}
            maxLength={500}
            required
            aria-required="true"
            aria-invalid={missing}
            autoSize={{ minRows: 2, maxRows: 6 }}
            onChange={(event) => {
              setReason(event.target.value);
              setMissing(false);
            }}
          />
          {missing ? (
            <p role="alert" style={{ color: palette.overdueText, margin: '4px 0 0' }}>
              {text.reasonMissing}
            </p>
          ) : null}
          <div style={{ display: 'flex', gap: 8, marginTop: 12, flexWrap: 'wrap' }}>
            <Button danger type="primary" htmlType="submit" size="large" loading={sending}>
              {text.confirm}
            </Button>
            <Button size="large" onClick={() => setOpen(false)}>
              {text.keep}
            </Button>
          </div>
          <ProblemNote error={error} text={problems} />
        </form>
      ) : (
        <Button size="large" danger onClick={() => setOpen(true)}>
          {text.open}
        </Button>
      )}
    </section>
  );
}
