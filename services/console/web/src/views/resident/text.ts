import type { ActorRole, CheckBackRating, ClockName, OrderKind, OrderStatus } from '@lianxin/contracts/order';

/** Every word of 群众查询 (the resident's tracking page), zh-CN first, and English. */
export interface ResidentText {
  pageTitle: string;
  intro: string;
  /** The language switch: its visible text names the other language, in that language. */
  switchLanguage: { text: string; label: string; lang: 'zh-CN' | 'en' };
  lookup: {
    heading: string;
    orderNumber: string;
    orderNumberHelp: string;
    orderNumberMissing: string;
    orderNumberInvalid: string;
    trackingCode: string;
    trackingCodeHelp: string;
    trackingCodeMissing: string;
    trackingCodeInvalid: string;
    submit: string;
    another: string;
    refresh: string;
    updatedAt: (time: string) => string;
  };
  progress: {
    heading: string;
    /** With its separator (全角冒号 in Chinese). */
    status: string;
    kind: string;
    category: string;
    resident: string;
    phone: string;
    address: string;
    handler: string;
    openedAt: string;
    committedDeadline: string;
    rating: string;
    none: string;
  };
  statuses: Record<OrderStatus, string> | undefined;
  kinds: Record<OrderKind, string>;
  countdown: {
    clocks: Record<ClockName, string>;
    remaining: (clock: string) => string;
    overdue: (clock: string) => string;
    paused: (clock: string) => string;
    due: (time: string) => string;
    days: (n: number) => string;
  };
  timeline: {
    heading: string;
    empty: string;
    roles: Record<ActorRole, string>;
    /** English names of the events (the zh-CN line of each entry already begins with its name). */
    events: Record<string, string> | undefined;
    photos: string;
    photo: (n: number) => string;
    photoLoading: string;
    photoFailed: string;
  };
  checkBack: {
    heading: string;
    intro: string;
    question: string;
    ratings: Record<CheckBackRating, string>;
    ratingMissing: string;
    comment: string;
    commentHelp: string;
    submit: string;
    done: (rating: string) => string;
  };
  cancel: {
    heading: string;
    intro: string;
    open: string;
    reason: string;
    reasonMissing: string;
    confirm: string;
    keep: string;
    done: string;
  };
  problems: {
    failed: string;
    network: string;
    /** Shown above the service's zh-CN message when the page is in English. */
    inEnglish: string | undefined;
  };
}

const zh: ResidentText = {
  pageTitle: '群众查询 · 工单进度',
  intro: '输入点单时收到的工单编号和查询码，查看办理进度、办理记录和照片；办结后请给我们回访评价。',
  switchLanguage: { text: 'English', label: 'Switch to English', lang: 'en' },
  lookup: {
    heading: '查询工单',
    orderNumber: '工单编号',
    orderNumberHelp: '如 LX20261126-7K3QX9MD，见受理短信',
    orderNumberMissing: '请输入工单编号',
    orderNumberInvalid: '工单编号只含字母、数字和连字符',
    trackingCode: '查询码',
    trackingCodeHelp: '8 位字母数字，如 7K3Q-X9MD，大小写均可',
    trackingCodeMissing: '请输入查询码',
    trackingCodeInvalid: '查询码为 8 位字母数字',
    submit: '查询',
    another: '查询其他工单',
    refresh: '刷新',
    updatedAt: (time) => `更新于 ${time}`,
  },
  progress: {
    heading: '办理进度',
    status: '当前状态：',
    kind: '类型',
    category: '类别',
    resident: '心愿人/反映人',
    phone: '联系电话',
    address: '地址',
    handler: '经办',
    openedAt: '点单时间',
    committedDeadline: '承诺整改时限',
    rating: '您的评价',
    none: '—',
  },
  statuses: undefined, // the service's own label (statusLabel)
  kinds: { wish: '微心愿', concern: '急难愁盼诉求', assistance: '帮扶需求', suggestion: '意见建议' },
  countdown: {
    clocks: {
      accept: '受理时限',
      sign: '签收时限',
      contact: '联系时限',
      resolve: '办结时限',
      claim: '认领时限',
      checkBack: '回访期限',
      followUp: '整改时限',
      extensionDecision: '延期审批时限',
      pauseLimit: '挂起期限',
    },
    remaining: (clock) => `距${clock}还剩`,
    overdue: (clock) => `已超过${clock}`,
    paused: (clock) => `已挂起，${clock}暂停计时，剩余`,
    due: (time) => `截止 ${time}`,
    days: (n) => `${n}天`,
  },
  timeline: {
    heading: '办理记录',
    empty: '暂无办理记录',
    roles: {
      resident: '群众',
      agent: '话务员',
      grid_worker: '网格员',
      dispatcher: '派单员',
      member: '党员',
      supervisor: '督办',
      social_org: '社会力量',
      leader: '领导',
      admin: '管理员',
      system: '系统',
      service: '系统',
    },
    events: undefined,
    photos: '照片',
    photo: (n) => `办理照片 ${n}`,
    photoLoading: '照片加载中…',
    photoFailed: '照片暂时无法显示',
  },
  checkBack: {
    heading: '回访评价',
    intro: '工单已办结，请告诉我们您是否满意。选择“不满意”会重新办理。',
    question: '您对办理结果满意吗？',
    ratings: { satisfied: '满意', partly: '基本满意', unsatisfied: '不满意' },
    ratingMissing: '请选择满意程度',
    comment: '意见和建议（选填）',
    commentHelp: '最多 2000 字',
    submit: '提交评价',
    done: (rating) => `感谢您的评价：${rating}`,
  },
  cancel: {
    heading: '撤单',
    intro: '问题已经解决或不再需要办理时，可以撤销这个工单。',
    open: '我要撤单',
    reason: '撤单原因',
    reasonMissing: '请填写撤单原因',
    confirm: '确认撤单',
    keep: '暂不撤单',
    done: '工单已撤销',
  },
  problems: {
    failed: '操作未成功，请稍后重试',
    network: '网络连接失败，请检查网络后重试',
    inEnglish: undefined,
  },
};

const en: ResidentText = {
  pageTitle: 'Track your request',
  intro: 'Enter the order number and tracking code you received, to see progress, the record and photos; once it is resolved, please tell us how it went.',
  switchLanguage: { text: '中文', label: '切换到中文', lang: 'zh-CN' },
  lookup: {
    heading: 'Find your order',
    orderNumber: 'Order number',
    orderNumberHelp: 'e.g. LX20261126-7K3QX9MD, as in the text message you received',
    orderNumberMissing: 'Enter the order number',
    orderNumberInvalid: 'Letters, digits and dashes only',
    trackingCode: 'Tracking code',
    trackingCodeHelp: '8 letters and digits, e.g. 7K3Q-X9MD, any case',
    trackingCodeMissing: 'Enter the tracking code',
    trackingCodeInvalid: 'The tracking code has 8 letters and digits',
    submit: 'Look up',
    another: 'Look up another order',
    refresh: 'Refresh',
    updatedAt: (time) => `Updated ${time}`,
  },
  progress: {
    heading: 'Progress',
    status: 'Status: ',
    kind: 'Kind',
    category: 'Category',
    resident: 'Requester',
    phone: 'Phone',
    address: 'Address',
    handler: 'Handled by',
    openedAt: 'Opened',
    committedDeadline: 'Committed deadline',
    rating: 'Your rating',
    none: '—',
  },
  statuses: {
    received: 'Received',
    rejected: 'Not accepted',
    merged: 'Merged',
    accepted: 'Accepted, awaiting dispatch',
    open_for_claim: 'Open for members to claim',
    dispatched: 'Dispatched',
    returned: 'Returned to dispatcher',
    signed: 'Signed for',
    in_progress: 'In progress',
    paused: 'Paused',
    explained: 'Explained, follow-up scheduled',
    resolved: 'Resolved — awaiting your rating',
    awaiting_supervisor: 'Awaiting supervisor',
    closed: 'Closed',
    cancelled: 'Cancelled',
  },
  kinds: { wish: 'Micro-wish', concern: 'Pressing concern', assistance: 'Assistance', suggestion: 'Suggestion' },
  countdown: {
    clocks: {
      accept: 'acceptance',
      sign: 'sign-for',
      contact: 'contact',
      resolve: 'resolution',
      claim: 'claiming',
      checkBack: 'rating',
      followUp: 'follow-up',
      extensionDecision: 'extension decision',
      pauseLimit: 'pause',
    },
    remaining: (clock) => `Time left for ${clock}`,
    overdue: (clock) => `Past the ${clock} deadline by`,
    paused: (clock) => `Paused; ${clock} time left`,
    due: (time) => `Due ${time}`,
    days: (n) => `${n} d`,
  },
  timeline: {
    heading: 'Record',
    empty: 'Nothing recorded yet',
    roles: {
      resident: 'Resident',
      agent: 'Call centre',
      grid_worker: 'Grid worker',
      dispatcher: 'Dispatcher',
      member: 'Party member',
      supervisor: 'Supervisor',
      social_org: 'Social organisation',
      leader: 'Leader',
      admin: 'Administrator',
      system: 'System',
      service: 'System',
    },
    events: {
      'order.received': 'Received',
      'order.accepted': 'Accepted',
      'order.rejected': 'Not accepted',
      'order.merged': 'Merged',
      'order.dispatched': 'Dispatched',
      'order.opened_for_claim': 'Opened for claiming',
      'order.claimed': 'Claimed',
      'order.claim_fell_back': 'Unclaimed, offered further',
      'order.signed': 'Signed for',
      'order.returned': 'Returned',
      'order.contacted': 'Contacted you',
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
      'order.reminded': 'Reminder',
      'order.cancelled': 'Cancelled',
      'order.checked_back': 'Rated',
      'order.reopened': 'Reopened',
      'order.awaiting_supervisor': 'Sent to supervisor',
      'order.closed': 'Closed',
      'order.warning': 'Deadline near',
      'order.overdue': 'Overdue',
      'order.supervised': 'Supervised',
      'order.escalated': 'Escalated',
    },
    photos: 'Photos',
    photo: (n) => `Photo ${n}`,
    photoLoading: 'Loading photo…',
    photoFailed: 'The photo cannot be shown right now',
  },
  checkBack: {
    heading: 'Rate the result',
    intro: 'Your order is resolved: please tell us whether you are satisfied. "Not satisfied" reopens it.',
    question: 'Are you satisfied with the result?',
    ratings: { satisfied: 'Satisfied', partly: 'Partly satisfied', unsatisfied: 'Not satisfied' },
    ratingMissing: 'Choose how satisfied you are',
    comment: 'Comments (optional)',
    commentHelp: 'Up to 2000 characters',
    submit: 'Send rating',
    done: (rating) => `Thank you for your rating: ${rating}`,
  },
  cancel: {
    heading: 'Cancel',
    intro: 'If the problem is solved or no longer needs doing, you can cancel this order.',
    open: 'Cancel this order',
    reason: 'Reason for cancelling',
    reasonMissing: 'Say why you cancel',
    confirm: 'Confirm cancellation',
    keep: 'Keep the order',
    done: 'The order is cancelled',
  },
  problems: {
    failed: 'That did not work; please try again later',
    network: 'No connection; check your network and try again',
    inEnglish: 'The service answered (in Chinese):',
  },
};

export const residentText: Record<'zh-CN' | 'en', ResidentText> = { 'zh-CN': zh, en };
