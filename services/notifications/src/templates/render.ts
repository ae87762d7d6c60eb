import type { TemplateEntry, TemplateParameter, TemplateText } from './catalogue';

export type Locale = 'zh-CN' | 'en';
export type NoticeChannel = 'app' | 'sms' | 'email' | 'webhook';

/** `${name}` → its value; an unknown or missing parameter becomes empty (never the raw marker). */
export function fillParameters(text: string, params: Partial<Record<TemplateParameter, string>>): string {
  // Own keys only: `${constructor}` in an admin's wording must not print Object's source.
  return text.replace(/\$\{([a-zA-Z]+)\}/g, (_, name: string) => (Object.hasOwn(params, name) ? (params[name as TemplateParameter] ?? '') : ''));
}

/** The wording of one template for one channel and language, parameters filled in. */
export function renderTemplate(
  entry: TemplateEntry,
  channel: NoticeChannel,
  locale: Locale,
  params: Partial<Record<TemplateParameter, string>>,
): TemplateText {
  const base = entry[locale];
  const special = entry.channels?.[channel]?.[locale] ?? {};
  return { title: fillParameters(special.title ?? base.title, params), text: fillParameters(special.text ?? base.text, params) };
}
