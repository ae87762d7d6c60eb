import type { Language } from '../i18n';
import type { Channel, ClockName, EscalationLevel, OrderKind, OrderStatus, Urgency } from '../api/types';

/** The words of the order domain in both languages (the services answer zh-CN labels; English lives here). */
export const statusLabels: Record<Language, Record<OrderStatus, string>> = {
  'zh-CN': {
    received: '待受理',
    rejected: '不予受理',
    merged: '已合并',
    accepted: '待派单',
    open_for_claim: '待认领',
    dispatched: '待签收',
    returned: '已退单',
    signed: '已签收',
    in_progress: '办理中',
    paused: '已挂起',
    explained: '已解释说明',
    resolved: '已办结',
    awaiting_supervisor: '待督办决定',
    closed: '已销号',
    cancelled: '已撤单',
  },
  en: {
    received: 'Received',
    rejected: 'Rejected',
    merged: 'Merged',
    accepted: 'To dispatch',
    open_for_claim: 'Open for claim',
    dispatched: 'To sign',
    returned: 'Returned',
    signed: 'Signed',
    in_progress: 'In progress',
    paused: 'Paused',
    explained: 'Explained',
    resolved: 'Resolved',
    awaiting_supervisor: 'Supervisor to decide',
    closed: 'Closed',
    cancelled: 'Cancelled',
  },
};

export const kindLabels: Record<Language, Record<OrderKind, string>> = {
  'zh-CN': { wish: '微心愿', concern: '急难愁盼诉求', assistance: '帮扶需求', suggestion: '意见建议' },
  en: { wish: 'Micro-wish', concern: 'Pressing concern', assistance: 'Assistance', suggestion: 'Suggestion' },
};

export const urgencyLabels: Record<Language, Record<Urgency, string>> = {
  'zh-CN': { emergency: '紧急（2小时）', utility: '水电气暖（24小时）', general: '一般（7天）', complex: '复杂（15天）' },
  en: { emergency: 'Emergency (2 h)', utility: 'Utilities (24 h)', general: 'General (7 d)', complex: 'Complex (15 d)' },
};

export const channelLabels: Record<Language, Record<Channel, string>> = {
  'zh-CN': { hotline: '热线电话', web: '网上/H5', wish_card: '心愿卡', cadre_visit: '干部走访', grid_visit: '网格走访', open311: 'Open311 接入' },
  en: { hotline: 'Hotline', web: 'Web / H5', wish_card: 'Wish card', cadre_visit: 'Cadre visit', grid_visit: 'Grid visit', open311: 'Open311' },
};

export const clockLabels: Record<Language, Record<ClockName, string>> = {
  'zh-CN': {
    accept: '受理',
    sign: '签收',
    contact: '联系',
    resolve: '办结',
    claim: '认领',
    checkBack: '回访',
    followUp: '整改',
    extensionDecision: '延期审批',
    pauseLimit: '挂起期限',
  },
  en: {
    accept: 'Accept',
    sign: 'Sign',
    contact: 'Contact',
    resolve: 'Resolve',
    claim: 'Claim',
    checkBack: 'Check-back',
    followUp: 'Follow-up',
    extensionDecision: 'Extension decision',
    pauseLimit: 'Pause limit',
  },
};

export const escalationLabels: Record<Language, Record<EscalationLevel, string>> = {
  'zh-CN': { none: '正常', warning: '预警', overdue: '超期', reminded: '催办', supervised: '督办', escalated: '挂牌督办' },
  en: { none: 'On time', warning: 'Warning', overdue: 'Overdue', reminded: 'Reminded', supervised: 'Supervised', escalated: 'Escalated' },
};

/** The escalation ladder in order (预警 → 超期 → 催办 → 督办 → 挂牌督办). */
export const escalationOrder: readonly EscalationLevel[] = ['none', 'warning', 'overdue', 'reminded', 'supervised', 'escalated'];

export function escalationRank(level: EscalationLevel | undefined): number {
  return escalationOrder.indexOf(level ?? 'none');
}

export const roleLabels: Record<Language, Record<string, string>> = {
  'zh-CN': {
    agent: '话务员',
    grid_worker: '网格员',
    dispatcher: '派单员',
    member: '党员',
    supervisor: '督办',
    social_org: '社会力量',
    leader: '领导',
    admin: '系统管理员',
    resident: '群众',
    system: '系统',
    service: '平台服务',
  },
  en: {
    agent: 'Agent',
    grid_worker: 'Grid worker',
    dispatcher: 'Dispatcher',
    member: 'Party member',
    supervisor: 'Supervisor',
    social_org: 'Social organisation',
    leader: 'Leader',
    admin: 'Administrator',
    resident: 'Resident',
    system: 'System',
    service: 'Platform service',
  },
};

/** English words for the event types of a timeline (zh-CN comes with each entry's summary). */
export const eventLabelsEn: Record<string, string> = {
  'order.received': 'Received',
  'order.accepted': 'Accepted',
  'order.rejected': 'Rejected',
  'order.merged': 'Merged',
  'order.dispatched': 'Dispatched',
  'order.opened_for_claim': 'Open for claim',
  'order.claimed': 'Claimed',
  'order.claim_fell_back': 'Claim fell back',
  'order.signed': 'Signed',
  'order.returned': 'Returned',
  'order.contacted': 'Resident contacted',
  'order.diary_entry_added': 'Diary entry',
  'order.resolved': 'Resolved',
  'order.explained': 'Explained',
  'order.follow_up_due': 'Follow-up due',
  'order.extension_requested': 'Extension requested',
  'order.extension_approved': 'Extension approved',
  'order.extension_denied': 'Extension denied',
  'order.paused': 'Paused',
  'order.resumed': 'Resumed',
  'order.reassigned': 'Reassigned',
  'order.reminded': 'Reminded',
  'order.cancelled': 'Cancelled',
  'order.checked_back': 'Checked back',
  'order.reopened': 'Reopened',
  'order.awaiting_supervisor': 'To the supervisor',
  'order.closed': 'Closed',
  'order.warning': 'Warning: due soon',
  'order.overdue': 'Overdue',
  'order.supervised': 'Supervised',
  'order.escalated': 'Escalated',
};

/** Key populations (重点人群) people are tagged with at intake (DOMAIN.md). */
export const keyPopulations: readonly string[] = [
  '60岁以上老人',
  '独居老人',
  '重症病人',
  '残疾人',
  '低保家庭',
  '困难党员',
  '老党员',
  '老干部',
  '留守儿童',
  '因公牺牲党员干部家属',
  '因病致贫',
];
