import { useCallback, useEffect, useId, useState, type ReactNode } from 'react';
import { Button, ConfigProvider, Form, Input } from 'antd';
import { useSearchParams } from 'react-router';
import { useConfig } from '../../config';
import { useLanguage, useText } from '../../i18n';
import { cancellableStatuses, normaliseOrderNumber, normaliseTrackingCode, residentApi, type ResidentApi, type TimelineEntry, type TrackedOrder } from './api';
import { CancelOrder } from './CancelOrder';
import { CheckBack } from './CheckBack';
import { formatInstant } from './clocks';
import { Countdown } from './Countdown';
import { OrderTimeline } from './OrderTimeline';
import { ProblemNote } from './ProblemNote';
import { card, page, palette, secondary, sectionHeading } from './styles';
import { residentText, type ResidentText } from './text';

interface LookupValues {
  orderNumber: string;
  trackingCode: string;
}

/** While an unfinished order is on screen, it is read again this often. */
const refreshEveryMs = 30_000;

const finished: readonly TrackedOrder['status'][] = ['rejected', 'merged', 'closed', 'cancelled'];

function LookupForm({ text, problems, busy, error, initialOrderNumber, onLookup }: {
  text: ResidentText['lookup'];
  problems: ResidentText['problems'];
  busy: boolean;
  error: unknown;
  initialOrderNumber: string;
  onLookup: (values: LookupValues) => void;
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} style={card}>
      <h2 id={headingId} style={sectionHeading}>
        {text.heading}
      </h2>
      <Form<LookupValues> name="track" layout="vertical" requiredMark={false} initialValues={{ orderNumber: initialOrderNumber, trackingCode: '' }} onFinish={onLookup}>
        <Form.Item
          name="orderNumber"
          label={text.orderNumber}
          extra={<span style={secondary}>{text.orderNumberHelp}</span>}
          rules={[
            { required: true, whitespace: true, message: text.orderNumberMissing },
            { pattern: /^\s*[A-Za-z0-9_-]{1,64}\s*$/, message: text.orderNumberInvalid },
          ]}
        >
          <Input size="large" autoComplete="off" autoCapitalize="characters" spellCheck={false} inputMode="text" />
        </Form.Item>
        <Form.Item
          name="trackingCode"
          label={text.trackingCode}
          extra={<span style={secondary}>{text.trackingCodeHelp}</span>}
          rules={[
            { required: true, whitespace: true, message: text.trackingCodeMissing },
            { pattern: /^\s*[A-Za-z0-9]{4}[\s-]?[A-Za-z0-9]{4}\s*$/, message: text.trackingCodeInvalid },
          ]}
        >
          <Input size="large" autoComplete="off" autoCapitalize="characters" spellCheck={false} />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" loading={busy} style={{ width: '100%' }}>
          {text.submit}
        </Button>
        <ProblemNote error={error} text={problems} />
      </Form>
    </section>
  );
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div style={{ display: 'flex', gap: 12, padding: '6px 0', borderTop: `1px solid ${palette.pageBackground}` }}>
      <dt style={{ ...secondary, flex: '0 0 7.5em' }}>{term}</dt>
      <dd style={{ margin: 0, minWidth: 0, overflowWrap: 'anywhere' }}>{children}</dd>
    </div>
  );
}

function OrderProgress({ order, text, language, updatedAt, busy, onRefresh, onAnother }: {
  order: TrackedOrder;
  text: ResidentText;
  language: string;
  updatedAt: Date | undefined;
  busy: boolean;
  onRefresh: () => void;
  onAnother: () => void;
}) {
  const headingId = useId();
  const p = text.progress;
  const status = text.statuses?.[order.status] ?? order.statusLabel;
  const done = order.status === 'closed' || order.status === 'resolved';
  return (
    <section aria-labelledby={headingId} style={card}>
      <h2 id={headingId} style={sectionHeading}>
        {p.heading}
      </h2>
      <p style={{ margin: 0 }}>
        <span style={secondary}>{p.status}</span>
        <strong
          data-testid="order-status"
          style={{
            display: 'inline-block',
            padding: '2px 10px',
            borderRadius: 12,
            background: done ? palette.doneBackground : palette.calmBackground,
            color: done ? palette.done : palette.text,
          }}
        >
          {status}
        </strong>
      </p>
      <p lang="zh-CN" style={{ fontSize: 17, fontWeight: 600, margin: '8px 0 0' }}>
        {order.title}
      </p>
      <Countdown clocks={order.clocks} text={text.countdown} language={language} />
      <dl style={{ margin: '8px 0 0' }}>
        <Detail term={p.kind}>
          {text.kinds[order.kind]} · <span lang="zh-CN">{order.category}</span>
        </Detail>
        <Detail term={p.resident}>
          <span lang="zh-CN">{order.resident.name}</span>
        </Detail>
        {order.resident.phone ? <Detail term={p.phone}>{order.resident.phone}</Detail> : null}
        {order.location.address ? (
          <Detail term={p.address}>
            <span lang="zh-CN">{order.location.address}</span>
          </Detail>
        ) : null}
        {order.handler ? (
          <Detail term={p.handler}>
            <span lang="zh-CN">{order.handler.name}</span>
          </Detail>
        ) : null}
        <Detail term={p.openedAt}>{formatInstant(order.createdAt, language)}</Detail>
        {order.committedDeadline ? <Detail term={p.committedDeadline}>{formatInstant(order.committedDeadline, language)}</Detail> : null}
        {order.rating ? <Detail term={p.rating}>{text.checkBack.ratings[order.rating]}</Detail> : null}
      </dl>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginTop: 12 }}>
        <Button onClick={onRefresh} loading={busy}>
          {text.lookup.refresh}
        </Button>
        <Button onClick={onAnother}>{text.lookup.another}</Button>
        {updatedAt ? <span style={{ ...secondary, fontSize: 14 }}>{text.lookup.updatedAt(formatInstant(updatedAt.getTime(), language))}</span> : null}
      </div>
    </section>
  );
}

/**
 * 群众查询 (`/track`, public, no sign-in): the resident enters the order number and 查询码 from
 * their receipt and sees the status, the masked details, the live countdown of the current time
 * limit, the record with its photos; once resolved they rate it (回访), and until then they may
 * cancel it (撤单). Phone first; zh-CN with an English switch.
 */
export function ResidentTrackingPage() {
  const text = useText(residentText);
  const { language, setLanguage } = useLanguage();
  const { services } = useConfig();
  // A link in the receipt's text message may carry the order number (never the code: addresses end up in logs).
  const [search] = useSearchParams();
  const initialOrderNumber = search.get('order') ?? '';
  const [api, setApi] = useState<ResidentApi>();
  const [order, setOrder] = useState<TrackedOrder>();
  const [entries, setEntries] = useState<TimelineEntry[]>([]);
  const [updatedAt, setUpdatedAt] = useState<Date>();
  const [busy, setBusy] = useState(false);
  const [lookupError, setLookupError] = useState<unknown>();
  const [refreshError, setRefreshError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  /** Keeps the newer of two views: the read model may still lag behind a command's answer. */
  const showOrder = useCallback((next: TrackedOrder) => setOrder((current) => (current && current.id === next.id && current.sequence > next.sequence ? current : next)), []);

  const load = useCallback(
    async (from: ResidentApi) => {
      const [nextOrder, timeline] = await Promise.all([from.order(), from.timeline()]);
      showOrder(nextOrder);
      setEntries(timeline.entries);
      setUpdatedAt(new Date());
    },
    [showOrder],
  );

  async function lookUp(values: LookupValues) {
    const next = residentApi(services.residents, normaliseOrderNumber(values.orderNumber), normaliseTrackingCode(values.trackingCode));
    setBusy(true);
    setLookupError(undefined);
    setOrder(undefined);
    try {
      await load(next);
      setApi(() => next);
      setNotice(undefined);
    } catch (error) {
      setLookupError(error);
    } finally {
      setBusy(false);
    }
  }

  async function refresh() {
    if (!api) return;
    setBusy(true);
    setRefreshError(undefined);
    try {
      await load(api);
    } catch (error) {
      setRefreshError(error);
    } finally {
      setBusy(false);
    }
  }

  function changed(next: TrackedOrder, message: string) {
    showOrder(next);
    setNotice(message);
    if (api) {
      api.timeline().then(
        (timeline) => setEntries(timeline.entries),
        () => undefined,
      );
    }
  }

  const status = order?.status;
  useEffect(() => {
    if (!api || !status || finished.includes(status)) return;
    const timer = setInterval(() => void load(api).catch(() => undefined), refreshEveryMs);
    return () => clearInterval(timer);
  }, [api, status, load]);

  // The tab says where the resident is (WCAG 2.4.2), in their language.
  useEffect(() => {
    const before = document.title;
    document.title = `${text.pageTitle} · 连心桥`;
    return () => {
      document.title = before;
    };
  }, [text.pageTitle]);

  return (
    // Two-character buttons keep their word whole (查询, not 查 询): read as one word, found by it.
    <ConfigProvider button={{ autoInsertSpace: false }}>
      <div lang={language} style={{ background: palette.pageBackground, minHeight: '100vh' }}>
        <main style={page}>
          <header style={{ display: 'flex', alignItems: 'flex-start', justifyContent: 'space-between', gap: 8 }}>
            <h1 style={{ fontSize: 22, margin: '4px 0 0', lineHeight: 1.4 }}>{text.pageTitle}</h1>
            <Button lang={text.switchLanguage.lang} title={text.switchLanguage.label} onClick={() => setLanguage(text.switchLanguage.lang)}>
              {text.switchLanguage.text}
            </Button>
          </header>
          {order && api ? (
            <>
              {notice ? (
                <p role="status" style={{ ...card, background: palette.doneBackground, color: palette.done, fontWeight: 600 }}>
                  {notice}
                </p>
              ) : null}
              <OrderProgress
                order={order}
                text={text}
                language={language}
                updatedAt={updatedAt}
                busy={busy}
                onRefresh={() => void refresh()}
                onAnother={() => {
                  setApi(undefined);
                  setOrder(undefined);
                  setEntries([]);
                  setNotice(undefined);
                }}
              />
              <ProblemNote error={refreshError} text={text.problems} />
              {order.status === 'resolved' ? (
                <CheckBack api={api} text={text.checkBack} problems={text.problems} onDone={(next) => changed(next, text.checkBack.done(next.rating ? text.checkBack.ratings[next.rating] : ''))} />
              ) : null}
              <OrderTimeline entries={entries} api={api} text={text.timeline} language={language} />
              {cancellableStatuses.includes(order.status) ? (
                <CancelOrder api={api} text={text.cancel} problems={text.problems} onDone={(next) => changed(next, text.cancel.done)} />
              ) : null}
            </>
          ) : (
            <>
              <p style={{ ...secondary, margin: '8px 0 0' }}>{text.intro}</p>
              <LookupForm text={text.lookup} problems={text.problems} busy={busy} error={lookupError} initialOrderNumber={initialOrderNumber} onLookup={(values) => void lookUp(values)} />
            </>
          )}
        </main>
      </div>
    </ConfigProvider>
  );
}
