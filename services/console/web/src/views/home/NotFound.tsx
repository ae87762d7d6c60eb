import { Result } from 'antd';
import { Link } from 'react-router';
import { useText } from '../../i18n';

const text = {
  'zh-CN': { title: '页面不存在', back: '返回首页' },
  en: { title: 'Page not found', back: 'Back to start' },
};

export function NotFound() {
  const t = useText(text);
  return (
    <main id="main">
      <Result status="404" title={<h1 style={{ fontSize: 24, margin: 0 }}>{t.title}</h1>} extra={<Link to="/">{t.back}</Link>} />
    </main>
  );
}
