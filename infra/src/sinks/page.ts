import type { MailMessage } from './mailbox';
import type { SmsMessage } from './sms-gateway';

/** How many of each the page shows, newest first. */
export const pageSize = 50;

export const pageTitle = '连心桥 · 本地短信网关与邮箱';

/** Text fit for HTML content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function time(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

function cells(values: string[]): string {
  return `<tr>${values.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`;
}

function table(headings: string[], rows: string[], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(empty)}</p>`;
  return `<table><thead><tr>${headings.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * The page a person opens to see what the system sent while running `npm start`: the latest SMS
 * and mails, every value escaped (they carry residents' text).
 */
export function renderPage(sms: SmsMessage[], mails: MailMessage[]): string {
  const smsRows = sms
    .slice(-pageSize)
    .reverse()
    .map((m) =>
      cells([time(m.receivedAt), m.to, `【${m.signName}】${m.text}`, m.templateCode, m.orderId ?? '', m.eventType ?? '', m.urgent ? '是' : '', m.repeats ? String(m.repeats) : '']),
    );
  const mailRows = mails
    .slice(-pageSize)
    .reverse()
    .map((m) =>
      cells([time(m.receivedAt), m.to.join(', '), m.subject, m.text.slice(0, 500), m.headers['x-lianxin-order'] ?? '', m.headers['x-lianxin-event'] ?? '', m.headers.importance ?? '']),
    );
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(pageTitle)}</title>
<style>
body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 1.5rem; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #ddd; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; white-space: pre-wrap; }
th { background: #f5f5f5; } .empty, .note { color: #777; }
</style>
</head>
<body>
<h1>${escapeHtml(pageTitle)}</h1>
<p class="note">本页列出本地短信网关与邮箱最近收到的各 ${pageSize} 条消息 (最新在前)，刷新页面可查看新消息。接口: GET /sms/v1/messages, GET /mail/v1/messages</p>
<h2>短信 (共 ${sms.length} 条)</h2>
${table(['时间', '手机号', '内容', '模板', '工单', '事件', '紧急', '重复次数'], smsRows, '还没有短信。')}
<h2>邮件 (共 ${mails.length} 封)</h2>
${table(['时间', '收件人', '主题', '正文', '工单', '事件', '重要性'], mailRows, '还没有邮件。')}
</body>
</html>
`;
}
