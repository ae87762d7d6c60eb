/**
 * 通知模板 — the notices as data: one per template id, zh-CN first and English second, with
 * optional wording per channel. `${name}` marks a parameter (the way Aliyun and Tencent SMS
 * templates are written), so an SMS template registered with a provider reads the same as here;
 * `smsCode` is its code there. Admins may override any entry (PUT /api/v1/notification-templates).
 */
export interface TemplateText {
  title: string;
  text: string;
}

export interface TemplateEntry {
  id: string;
  'zh-CN': TemplateText;
  en: TemplateText;
  /** Per channel wording (e.g. a shorter SMS), else the text above. */
  channels?: Partial<Record<'sms' | 'email' | 'webhook' | 'app', { 'zh-CN'?: Partial<TemplateText>; en?: Partial<TemplateText> }>>;
  /** The provider template codes of the SMS version. */
  smsCode?: { aliyun?: string; tencent?: string };
}

/** Parameters every template may use. */
export const templateParameters = ['orderId', 'title', 'handler', 'reason', 'dueAt', 'organisation', 'count', 'items', 'event'] as const;
export type TemplateParameter = (typeof templateParameters)[number];

const sms = (n: number) => ({ aliyun: `SMS_LX${String(n).padStart(4, '0')}`, tencent: String(2_400_000 + n) });

export const templateCatalogue: TemplateEntry[] = [
  { id: 'received.resident', 'zh-CN': { title: '诉求已收到', text: '您的诉求（工单${orderId}「${title}」）已收到，我们会尽快受理。' }, en: { title: 'Request received', text: 'Your request (order ${orderId} "${title}") has been received.' }, smsCode: sms(1) },
  { id: 'rejected.resident', 'zh-CN': { title: '诉求不予受理', text: '工单${orderId}「${title}」不予受理，原因：${reason}。' }, en: { title: 'Request not accepted', text: 'Order ${orderId} "${title}" was not accepted: ${reason}.' }, smsCode: sms(2) },
  { id: 'signed.resident', 'zh-CN': { title: '诉求已有人办理', text: '工单${orderId}「${title}」已由${handler}签收办理。' }, en: { title: 'Someone is on it', text: 'Order ${orderId} "${title}" was taken by ${handler}.' }, smsCode: sms(3) },
  { id: 'resolved.resident', 'zh-CN': { title: '诉求已办结', text: '工单${orderId}「${title}」已办结，稍后将回访您的满意度。' }, en: { title: 'Request resolved', text: 'Order ${orderId} "${title}" is resolved; we will ask how satisfied you are.' }, smsCode: sms(4) },
  { id: 'explained.resident', 'zh-CN': { title: '诉求已作解释说明', text: '工单${orderId}「${title}」暂不能立即办结，已作解释说明，整改时限${dueAt}。' }, en: { title: 'Explained', text: 'Order ${orderId} "${title}" cannot be finished at once; it is committed for ${dueAt}.' }, smsCode: sms(5) },
  { id: 'closed.resident', 'zh-CN': { title: '工单已销号', text: '工单${orderId}「${title}」已销号，感谢您的反馈。' }, en: { title: 'Order closed', text: 'Order ${orderId} "${title}" is closed. Thank you.' }, smsCode: sms(6) },
  { id: 'dispatched.handler', 'zh-CN': { title: '新派单', text: '工单${orderId}「${title}」已派给您，请及时签收。' }, en: { title: 'New order for you', text: 'Order ${orderId} "${title}" was dispatched to you; please sign for it.' }, smsCode: sms(7) },
  { id: 'reassigned.handler', 'zh-CN': { title: '改派工单', text: '工单${orderId}「${title}」已改派给您，请及时签收。' }, en: { title: 'Order reassigned to you', text: 'Order ${orderId} "${title}" was reassigned to you; please sign for it.' }, smsCode: sms(8) },
  { id: 'reopened.handler', 'zh-CN': { title: '工单重办', text: '工单${orderId}「${title}」回访不满意，已重办，请再次办理。' }, en: { title: 'Order reopened', text: 'Order ${orderId} "${title}" was reopened after the check-back; please work it again.' }, smsCode: sms(9) },
  { id: 'warning.handler', 'zh-CN': { title: '即将超期', text: '工单${orderId}「${title}」即将超期（时限${dueAt}），请抓紧办理。' }, en: { title: 'Due soon', text: 'Order ${orderId} "${title}" is due at ${dueAt}.' }, smsCode: sms(10) },
  { id: 'overdue.handler', 'zh-CN': { title: '工单已超期', text: '工单${orderId}「${title}」已超期（时限${dueAt}），请立即办理。' }, en: { title: 'Overdue', text: 'Order ${orderId} "${title}" is overdue (due ${dueAt}).' }, smsCode: sms(11) },
  { id: 'reminded.handler', 'zh-CN': { title: '催办', text: '催办：工单${orderId}「${title}」请尽快办理。' }, en: { title: 'Reminder', text: 'Reminder: please work order ${orderId} "${title}" now.' }, smsCode: sms(12) },
  { id: 'supervised.supervisor', 'zh-CN': { title: '督办通知', text: '工单${orderId}「${title}」超期未办（经办：${handler}，时限${dueAt}），已转${organisation}督办，请督促办理。' }, en: { title: 'Supervision notice', text: 'Order ${orderId} "${title}" (handler ${handler}, due ${dueAt}) is overdue and under supervision by ${organisation}.' }, smsCode: sms(13) },
  { id: 'supervised.handler', 'zh-CN': { title: '您的工单已被督办', text: '工单${orderId}「${title}」超期未办，已被${organisation}督办。' }, en: { title: 'Your order is under supervision', text: 'Order ${orderId} "${title}" is overdue and under supervision by ${organisation}.' }, smsCode: sms(14) },
  { id: 'escalated.upper', 'zh-CN': { title: '挂牌督办', text: '工单${orderId}「${title}」督办后仍未办结（经办：${handler}，时限${dueAt}），已挂牌督办，提交${organisation}。' }, en: { title: 'Escalated to you', text: 'Order ${orderId} "${title}" (handler ${handler}, due ${dueAt}) is still open after supervision and is escalated to ${organisation}.' }, smsCode: sms(15) },
  { id: 'escalated.handler', 'zh-CN': { title: '您的工单已挂牌督办', text: '工单${orderId}「${title}」已挂牌督办，提交${organisation}。' }, en: { title: 'Your order is escalated', text: 'Order ${orderId} "${title}" is escalated to ${organisation}.' }, smsCode: sms(16) },
  { id: 'returned.dispatcher', 'zh-CN': { title: '退单', text: '工单${orderId}「${title}」被退单：${reason}，请重新派单。' }, en: { title: 'Order returned', text: 'Order ${orderId} "${title}" was returned: ${reason}. Please dispatch it again.' } },
  { id: 'extension.dispatcher', 'zh-CN': { title: '延期申请', text: '工单${orderId}「${title}」申请延期至${dueAt}：${reason}，请审批。' }, en: { title: 'Extension requested', text: 'Order ${orderId} "${title}": extension to ${dueAt} requested (${reason}).' } },
  { id: 'awaiting.supervisor', 'zh-CN': { title: '请督办决定', text: '工单${orderId}「${title}」多次重办仍不满意，请督办决定。' }, en: { title: 'Decision needed', text: 'Order ${orderId} "${title}" hit the reopen limit; a supervisor must decide.' }, smsCode: sms(17) },
  { id: 'claim.open', 'zh-CN': { title: '微心愿待认领', text: '工单${orderId}「${title}」已发布到认领栏，欢迎认领。' }, en: { title: 'Open for claiming', text: 'Order ${orderId} "${title}" is open for claiming.' } },
  { id: 'claim.offered', 'zh-CN': { title: '请您认领', text: '工单${orderId}「${title}」无人认领，现请您认领。' }, en: { title: 'Please claim', text: 'Nobody claimed order ${orderId} "${title}"; it is offered to you.' }, smsCode: sms(18) },
  { id: 'claim.fallback', 'zh-CN': { title: '兜底办理', text: '工单${orderId}「${title}」认领期满无人认领，已交由贵单位兜底办理，请及时签收。' }, en: { title: 'Handed to you as fallback', text: 'Nobody claimed order ${orderId} "${title}"; it is handed to your unit to take care of. Please sign for it.' }, smsCode: sms(20) },
  { id: 'event.generic', 'zh-CN': { title: '工单动态', text: '工单${orderId}「${title}」：${event}。' }, en: { title: 'Order update', text: 'Order ${orderId} "${title}": ${event}.' } },
  {
    id: 'digest',
    'zh-CN': { title: '夜间通知汇总', text: '您有${count}条夜间通知：${items}' },
    en: { title: 'Overnight notices', text: 'You have ${count} notices from overnight: ${items}' },
    smsCode: sms(19),
  },
];
