import { Segmented } from 'antd';
import { useLanguage, type Language } from '../i18n';

/** 中文 / English, kept for the next visit. */
export function LanguageSwitch({ size = 'middle' }: { size?: 'small' | 'middle' }) {
  const { language, setLanguage } = useLanguage();
  return (
    <Segmented<Language>
      size={size}
      aria-label={language === 'zh-CN' ? '界面语言' : 'Language'}
      value={language}
      onChange={setLanguage}
      options={[
        { value: 'zh-CN', label: <span lang="zh-CN">中文</span> },
        { value: 'en', label: <span lang="en">English</span> },
      ]}
      data-testid="language-switch"
    />
  );
}
