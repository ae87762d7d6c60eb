import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import type { Locale } from 'antd/es/locale';
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';

export type Language = 'zh-CN' | 'en';

const storageKey = 'lianxin.console.language';
const languages: readonly Language[] = ['zh-CN', 'en'];

const antdLocales: Record<Language, Locale> = { 'zh-CN': zhCN, en: enUS };
const dayjsLocales: Record<Language, string> = { 'zh-CN': 'zh-cn', en: 'en' };

interface LanguageState {
  language: Language;
  setLanguage(language: Language): void;
}

const LanguageContext = createContext<LanguageState | null>(null);

function storedLanguage(): Language {
  try {
    const stored = localStorage.getItem(storageKey);
    if (stored && (languages as readonly string[]).includes(stored)) return stored as Language;
  } catch {
    // storage unavailable: the default
  }
  return 'zh-CN';
}

function applyLanguage(language: Language): void {
  document.documentElement.lang = language;
  dayjs.locale(dayjsLocales[language]);
}

/** The person's language: kept in localStorage, zh-CN by default; sets <html lang> and dayjs' locale. */
export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() => {
    const initial = storedLanguage();
    applyLanguage(initial);
    return initial;
  });
  useEffect(() => applyLanguage(language), [language]);
  const setLanguage = useCallback((next: Language) => {
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // not kept: still switched for this page
    }
    applyLanguage(next);
    setLanguageState(next);
  }, []);
  const value = useMemo(() => ({ language, setLanguage }), [language, setLanguage]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  const state = useContext(LanguageContext);
  if (!state) throw new Error('useLanguage outside LanguageProvider');
  return state;
}

/** The antd locale of the current language (for ConfigProvider). */
export function useAntdLocale(): Locale {
  return antdLocales[useLanguage().language];
}

/** This view's words in the current language: each view keeps its own dictionary beside it. */
export function useText<T>(dictionary: Record<Language, T>): T {
  return dictionary[useLanguage().language];
}
