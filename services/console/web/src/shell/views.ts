import type { Role } from '../auth/principal';
import type { Language } from '../i18n';

/** The console's views and who sees each (the person's roles decide the menu). */
export interface ViewEntry {
  path: string;
  roles: readonly Role[];
  label: Record<Language, string>;
}

export const views: readonly ViewEntry[] = [
  { path: '/agent', roles: ['agent', 'grid_worker'], label: { 'zh-CN': '坐席受理', en: 'Intake' } },
  { path: '/dispatcher', roles: ['dispatcher'], label: { 'zh-CN': '派单台', en: 'Dispatch' } },
  { path: '/member', roles: ['member', 'social_org'], label: { 'zh-CN': '党员待办', en: 'My work' } },
  { path: '/supervisor', roles: ['supervisor', 'leader', 'admin'], label: { 'zh-CN': '督办', en: 'Supervision' } },
];

export function viewsFor(roles: readonly Role[]): ViewEntry[] {
  return views.filter((view) => view.roles.some((role) => roles.includes(role)));
}
