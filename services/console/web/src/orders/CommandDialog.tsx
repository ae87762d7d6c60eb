import { useEffect } from 'react';
import { Button, DatePicker, Flex, Form, Input, Modal, Radio, Typography, type UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useApi } from '../api/services';
import type { HandlerTarget, OrderCommand, OrderCommandType, OrderView } from '../api/types';
import { useText } from '../i18n';
import { ProblemAlert } from '../shared/ProblemAlert';
import { useAction } from '../shared/useAction';
import type { TargetContext } from './candidates';
import { PhotoPicker, pickedFiles } from './PhotoPicker';
import { RevealContact } from './RevealContact';
import { CoHandlerPicker, TargetPicker } from './TargetPicker';
import { actionText } from './text';
import type { OrderLike } from './availability';

/** What a command form needs of the order: its id and state, and where it lies (for suggestions). */
export interface CommandOrder extends OrderLike, TargetContext {
  title?: string;
  pendingExtension?: { until: string; reason: string };
}

interface FormValues {
  reason?: string;
  note?: string;
  intoOrderId?: string;
  target?: HandlerTarget;
  coHandlers?: HandlerTarget[];
  method?: 'phone' | 'visit' | 'message';
  text?: string;
  photos?: UploadFile[];
  summary?: string;
  evidence?: UploadFile[];
  explanation?: string;
  committedDeadline?: Dayjs;
  until?: Dayjs;
  approve?: 'yes' | 'no';
  rating?: 'satisfied' | 'partly' | 'unsatisfied';
  comment?: string;
  decision?: 'close' | 'reassign';
}

const optional = (value: string | undefined) => (value && value.trim() ? value.trim() : undefined);
const iso = (value: Dayjs | undefined) => (value ? value.toDate().toISOString() : undefined);

/** The command a form's values make (photos already uploaded, by attachment id). */
function commandOf(type: OrderCommandType, v: FormValues, photoIds: string[], evidenceIds: string[]): OrderCommand {
  const note = optional(v.note);
  switch (type) {
    case 'accept':
      return { type, ...(note ? { note } : {}) };
    case 'reject':
      return { type, reason: v.reason!.trim() };
    case 'merge':
      return { type, intoOrderId: v.intoOrderId!.trim(), ...(optional(v.reason) ? { reason: optional(v.reason)! } : {}) };
    case 'dispatch':
      return { type, target: v.target!, coHandlers: v.coHandlers ?? [], ...(note ? { note } : {}) };
    case 'openForClaim':
      return { type, ...(note ? { note } : {}) };
    case 'claim':
    case 'sign':
      return { type };
    case 'return':
      return { type, reason: v.reason!.trim() };
    case 'contact':
      return { type, method: v.method ?? 'phone', ...(note ? { note } : {}) };
    case 'addDiaryEntry':
      return { type, text: v.text!.trim(), photos: photoIds };
    case 'resolve':
      return { type, summary: v.summary!.trim(), evidence: evidenceIds };
    case 'explain':
      return { type, explanation: v.explanation!.trim(), committedDeadline: iso(v.committedDeadline)! };
    case 'requestExtension':
      return { type, until: iso(v.until)!, reason: v.reason!.trim() };
    case 'decideExtension':
      return { type, approve: v.approve === 'yes', ...(note ? { note } : {}) };
    case 'pause':
      return { type, reason: v.reason!.trim(), ...(v.until ? { until: iso(v.until)! } : {}) };
    case 'resume':
      return { type, ...(note ? { note } : {}) };
    case 'reassign':
      return { type, target: v.target!, reason: v.reason!.trim() };
    case 'remind':
      return { type, ...(note ? { note } : {}) };
    case 'cancel':
      return { type, reason: v.reason!.trim() };
    case 'checkBack':
      return { type, rating: v.rating!, ...(optional(v.comment) ? { comment: optional(v.comment)! } : {}) };
    case 'supervisorDecide':
      return { type, decision: v.decision!, ...(v.decision === 'reassign' && v.target ? { target: v.target } : {}), note: note ?? '' };
  }
}

/**
 * One command's form in a dialog: its fields, the refusal (the service's zh-CN problem) right above
 * the submit button, photos uploaded first (each with a key derived from the action's, so a retry
 * uploads nothing twice), then the command with the action's Idempotency-Key.
 */
export function CommandDialog({
  order,
  type,
  open,
  onClose,
  onDone,
}: {
  order: CommandOrder;
  type: OrderCommandType;
  open: boolean;
  onClose(): void;
  onDone(view: OrderView): void;
}) {
  const api = useApi();
  const t = useText(actionText);
  const [form] = Form.useForm<FormValues>();
  const decision = Form.useWatch('decision', form);

  const action = useAction(async (key: string, values: FormValues) => {
    const upload = async (files: UploadFile[] | undefined, prefix: string) => {
      const ids: string[] = [];
      const picked = pickedFiles(files);
      for (let i = 0; i < picked.length; i += 1) {
        const receipt = await api.residents.uploadAttachment(order.id, picked[i]!, { idempotencyKey: `${key}-${prefix}${i}` });
        ids.push(receipt.id);
      }
      return ids;
    };
    const photoIds = await upload(values.photos, 'p');
    const evidenceIds = await upload(values.evidence, 'e');
    return api.command(order.id, commandOf(type, values, photoIds, evidenceIds), { idempotencyKey: key });
  });

  // A fresh form each time the dialog opens.
  const { clear } = action;
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    clear();
  }, [open, form, clear]);

  const submit = async (values: FormValues) => {
    const view = await action.run(values);
    if (view) {
      onDone(view);
      onClose();
    }
  };

  const required = [{ required: true, whitespace: true, message: t.required }];
  const future = [
    { required: true, message: t.required },
    { validator: (_: unknown, value: Dayjs | undefined) => (!value || value.isAfter(dayjs()) ? Promise.resolve() : Promise.reject(new Error(t.futureOnly))) },
  ];
  const context: TargetContext = {
    ...(order.organisationId ? { organisationId: order.organisationId } : {}),
    ...(order.gridId ? { gridId: order.gridId } : {}),
    ...(order.category ? { category: order.category } : {}),
  };
  const title = `${t.commands[type]}${order.title ? `：${order.title}` : ''}`;
  const reason = (label = t.fields.reason) => (
    <Form.Item name="reason" label={label} rules={required}>
      <Input.TextArea rows={3} maxLength={500} showCount />
    </Form.Item>
  );
  const note = (label = t.fields.note) => (
    <Form.Item name="note" label={label}>
      <Input.TextArea rows={2} maxLength={2000} />
    </Form.Item>
  );
  const target = (
    <Form.Item name="target" label={t.fields.target} rules={[{ required: true, message: t.required }]}>
      <TargetPicker context={context} label={t.fields.target} {...(order.handler ? { exclude: order.handler.id } : {})} />
    </Form.Item>
  );

  let fields: React.ReactNode;
  switch (type) {
    case 'reject':
    case 'return':
    case 'cancel':
      fields = reason();
      break;
    case 'merge':
      fields = (
        <>
          <Form.Item name="intoOrderId" label={t.fields.intoOrderId} rules={required}>
            <Input maxLength={64} autoComplete="off" />
          </Form.Item>
          <Form.Item name="reason" label={t.fields.reason}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </>
      );
      break;
    case 'dispatch':
      fields = (
        <>
          {target}
          <Form.Item name="coHandlers" label={t.fields.coHandlers}>
            <CoHandlerPicker context={context} />
          </Form.Item>
          {note()}
        </>
      );
      break;
    case 'contact':
      fields = (
        <>
          <RevealContact orderId={order.id} />
          <Form.Item name="method" label={t.fields.method} initialValue="phone" rules={[{ required: true, message: t.required }]} style={{ marginTop: 16 }}>
            <Radio.Group options={(['phone', 'visit', 'message'] as const).map((m) => ({ value: m, label: t.methods[m] }))} />
          </Form.Item>
          {note()}
        </>
      );
      break;
    case 'addDiaryEntry':
      fields = (
        <>
          <Form.Item name="text" label={t.fields.text} rules={required}>
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
          <Form.Item name="photos" label={t.fields.photos} extra={t.photoHint} valuePropName="value">
            <PhotoPicker />
          </Form.Item>
        </>
      );
      break;
    case 'resolve':
      fields = (
        <>
          <Form.Item name="summary" label={t.fields.summary} rules={required}>
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
          <Form.Item name="evidence" label={t.fields.evidence} extra={t.photoHint}>
            <PhotoPicker />
          </Form.Item>
        </>
      );
      break;
    case 'explain':
      fields = (
        <>
          <Form.Item name="explanation" label={t.fields.explanation} rules={required}>
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
          <Form.Item name="committedDeadline" label={t.fields.committedDeadline} rules={future}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        </>
      );
      break;
    case 'requestExtension':
      fields = (
        <>
          <Form.Item name="until" label={t.fields.until} rules={future}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
          {reason()}
        </>
      );
      break;
    case 'decideExtension':
      fields = (
        <>
          {order.pendingExtension && (
            <Typography.Paragraph data-testid="pending-extension">
              {t.pendingExtension(dayjs(order.pendingExtension.until).format('YYYY-MM-DD HH:mm'), order.pendingExtension.reason)}
            </Typography.Paragraph>
          )}
          <Form.Item name="approve" label={t.fields.approve} rules={[{ required: true, message: t.required }]}>
            <Radio.Group options={(['yes', 'no'] as const).map((a) => ({ value: a, label: t.approveOptions[a] }))} />
          </Form.Item>
          {note()}
        </>
      );
      break;
    case 'pause':
      fields = (
        <>
          {reason()}
          <Form.Item name="until" label={t.fields.pauseUntil} rules={[{ validator: (_: unknown, value: Dayjs | undefined) => (!value || value.isAfter(dayjs()) ? Promise.resolve() : Promise.reject(new Error(t.futureOnly))) }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        </>
      );
      break;
    case 'reassign':
      fields = (
        <>
          {target}
          {reason()}
        </>
      );
      break;
    case 'checkBack':
      fields = (
        <>
          <Form.Item name="rating" label={t.fields.rating} rules={[{ required: true, message: t.required }]}>
            <Radio.Group options={(['satisfied', 'partly', 'unsatisfied'] as const).map((r) => ({ value: r, label: t.ratings[r] }))} />
          </Form.Item>
          <Form.Item name="comment" label={t.fields.comment}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </>
      );
      break;
    case 'supervisorDecide':
      fields = (
        <>
          <Form.Item name="decision" label={t.fields.decision} rules={[{ required: true, message: t.required }]}>
            <Radio.Group options={(['close', 'reassign'] as const).map((d) => ({ value: d, label: t.decisions[d] }))} />
          </Form.Item>
          {decision === 'reassign' && target}
          <Form.Item name="note" label={t.fields.note} rules={required}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </>
      );
      break;
    default:
      fields = note();
  }

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      destroyOnHidden
      width={640}
      footer={null}
      data-testid={`dialog-${type}`}
    >
      <Form form={form} layout="vertical" requiredMark onFinish={(values) => void submit(values)} name={`command-${type}`}>
        {fields}
        <ProblemAlert problem={action.problem} />
        <Flex justify="end" gap={8} wrap>
          <Button onClick={onClose}>{t.cancelButton}</Button>
          <Button type="primary" htmlType="submit" loading={action.pending} data-testid="submit-command">
            {t.commands[type]}
          </Button>
        </Flex>
      </Form>
    </Modal>
  );
}
