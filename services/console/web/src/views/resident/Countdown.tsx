import { useEffect, useState } from 'react';
import type { ClockView } from '@lianxin/contracts/order';
import { currentLimit, formatDuration, formatInstant } from './clocks';
import { palette } from './styles';
import type { ResidentText } from './text';

/**
 * The live countdown of the order's current time limit (the one due soonest), ticking every
 * second; past it, how long overdue; while paused, what is left. As a `timer` it is not read
 * out on every tick.
 */
export function Countdown({ clocks, text, language }: { clocks: readonly ClockView[]; text: ResidentText['countdown']; language: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, []);
  const limit = currentLimit(clocks, now);
  if (!limit) return null;
  const clock = text.clocks[limit.name];
  const overdue = !limit.paused && limit.remainingMs < 0;
  const lead = limit.paused ? text.paused(clock) : overdue ? text.overdue(clock) : text.remaining(clock);
  return (
    <div
      style={{
        margin: '12px 0',
        padding: '12px 16px',
        borderRadius: 8,
        background: overdue ? palette.overdueBackground : palette.calmBackground,
        color: overdue ? palette.overdueText : palette.text,
      }}
    >
      <div>{lead}</div>
      <div role="timer" aria-live="off" style={{ fontSize: 26, fontWeight: 600, fontVariantNumeric: 'tabular-nums', lineHeight: 1.3 }}>
        {formatDuration(limit.remainingMs, text.days)}
      </div>
      {limit.paused ? null : <div style={{ color: overdue ? palette.overdueText : palette.secondaryText }}>{text.due(formatInstant(limit.dueAt, language))}</div>}
    </div>
  );
}
