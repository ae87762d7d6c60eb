import type { ThemeConfig } from 'antd';

/**
 * The console's theme: the brand red, and text colours that keep WCAG AA contrast (4.5:1) on
 * white — antd's defaults (secondary text at 45 % black, #1677ff links, #ff4d4f badges) do not,
 * and axe-core checks every view.
 */
export const consoleTheme: ThemeConfig = {
  token: {
    colorPrimary: '#b71c1c',
    colorLink: '#a8071a',
    colorInfo: '#0050b3',
    colorSuccess: '#237804',
    colorWarning: '#ad4e00',
    colorError: '#b71c1c',
    colorTextSecondary: 'rgba(0, 0, 0, 0.66)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.66)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
    borderRadius: 6,
    fontFamily: 'system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
  },
  components: {
    Layout: { headerBg: '#8e1616', headerColor: '#ffffff', headerPadding: '0 16px', siderBg: '#ffffff' },
  },
};

/**
 * The theme for this browser: without antd's motion when the person asks for reduced motion. A
 * motion the browser does not run never ends: the loading icon of a button that was busy stayed in
 * the page, unseen but named, so a screen reader heard "loading 查询" (and a test found no 查询).
 */
export function themeFor(prefersReducedMotion: boolean): ThemeConfig {
  return prefersReducedMotion ? { ...consoleTheme, token: { ...consoleTheme.token, motion: false } } : consoleTheme;
}

export function prefersReducedMotion(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** Tag colours dark enough for white text (antd's preset tag colours fail contrast on their light backgrounds). */
export const tagColors = {
  gold: '#874d00',
  orange: '#ad4e00',
  red: '#a8071a',
  magenta: '#9e1068',
  blue: '#0050b3',
  cyan: '#006d75',
  green: '#237804',
  purple: '#531dab',
  geekblue: '#1d39c4',
  volcano: '#ad2102',
  gray: '#595959',
} as const;
