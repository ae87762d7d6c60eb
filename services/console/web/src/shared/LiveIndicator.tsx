import { Badge } from 'antd';
import { useText } from '../i18n';
import { useWorkQueueEvents } from './live';

const text = {
  'zh-CN': { live: '实时更新', connecting: '正在连接实时更新…', polling: '每 30 秒刷新' },
  en: { live: 'Live', connecting: 'Connecting live updates…', polling: 'Refreshed every 30 s' },
};

/** Whether the lists follow the live work-queue stream, or are polled. */
export function LiveIndicator() {
  const t = useText(text);
  const status = useWorkQueueEvents();
  const label = status === 'open' ? t.live : status === 'connecting' || status === 'reconnecting' ? t.connecting : t.polling;
  return <Badge status={status === 'open' ? 'success' : status === 'connecting' || status === 'reconnecting' ? 'processing' : 'default'} text={label} data-testid="live-status" data-status={status} />;
}
