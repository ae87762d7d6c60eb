import { orderEventLabels, type OrderEventType } from '@lianxin/contracts';
import { defaultChannels, noticeRules, robotTemplateOf } from '../src/delivery/rules';
import type { Audience } from '../src/recipients/audiences';
import type { RecipientRole } from '../src/recipients/person';
import { templateCatalogue, templateParameters, type TemplateEntry, type TemplateParameter } from '../src/templates/catalogue';
import { fillParameters, renderTemplate, type Locale, type NoticeChannel } from '../src/templates/render';

const locales: Locale[] = ['zh-CN', 'en'];
const channels: NoticeChannel[] = ['app', 'sms', 'email', 'webhook'];
const eventTypes = Object.keys(orderEventLabels) as OrderEventType[];

/** Every parameter filled with a value that names it, so a test can find each one in the text. */
const everyParameter = Object.fromEntries(templateParameters.map((p) => [p, `<${p}>`])) as Record<TemplateParameter, string>;
const markersIn = (text: string) => [...text.matchAll(/\$\{([a-zA-Z]+)\}/g)].map((m) => m[1]!);

describe('the template catalogue', () => {
  it('has unique ids', () => {
    const ids = templateCatalogue.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses only the declared parameters', () => {
    for (const entry of templateCatalogue) {
      const texts = locales.flatMap((l) => [entry[l].title, entry[l].text, ...channels.flatMap((c) => [entry.channels?.[c]?.[l]?.title ?? '', entry.channels?.[c]?.[l]?.text ?? ''])]);
      for (const name of texts.flatMap(markersIn)) {
        expect({ id: entry.id, name, declared: (templateParameters as readonly string[]).includes(name) }).toEqual({ id: entry.id, name, declared: true });
      }
    }
  });

  describe.each(templateCatalogue.map((entry): [string, TemplateEntry] => [entry.id, entry]))('%s', (_id, entry) => {
    it.each(locales.flatMap((locale) => channels.map((channel): [Locale, NoticeChannel] => [locale, channel])))('renders in %s for %s with every parameter filled', (locale, channel) => {
      const { title, text } = renderTemplate(entry, channel, locale, everyParameter);
      expect(title.trim()).not.toBe('');
      expect(text.trim()).not.toBe('');
      expect(title).not.toContain('${');
      expect(text).not.toContain('${');
      // Each marker of the source became its value.
      for (const name of markersIn(entry[locale].text)) expect(text).toContain(`<${name}>`);
    });

    it('reads Chinese in zh-CN and not in English', () => {
      expect(`${entry['zh-CN'].title}${entry['zh-CN'].text}`).toMatch(/[\u4e00-\u9fff]/);
      expect(`${entry.en.title}${entry.en.text}`).not.toMatch(/[\u4e00-\u9fff]/);
    });
  });

  it('gives every SMS template both an Aliyun and a Tencent code, unique across templates', () => {
    const withCodes = templateCatalogue.filter((t) => t.smsCode);
    expect(withCodes.length).toBeGreaterThan(0);
    for (const entry of withCodes) {
      expect(entry.smsCode?.aliyun).toMatch(/\S/);
      expect(entry.smsCode?.tencent).toMatch(/\S/);
    }
    const aliyun = withCodes.map((t) => t.smsCode!.aliyun);
    const tencent = withCodes.map((t) => t.smsCode!.tencent);
    expect(new Set(aliyun).size).toBe(aliyun.length);
    expect(new Set(tencent).size).toBe(tencent.length);
  });
});

/** The role the audience resolver gives the people of each audience (recipients/audiences.ts). */
const roleOfAudience: Record<Audience, RecipientRole> = {
  resident: 'resident',
  handler: 'handler',
  co_handlers: 'co_handler',
  dispatchers: 'dispatcher',
  supervisors: 'supervisor',
  upper_level: 'upper_level',
  claim_candidates: 'claim_candidate',
};

describe('the notice rules and the catalogue', () => {
  const catalogueIds = new Set(templateCatalogue.map((t) => t.id));
  const ruleTemplates = Object.values(noticeRules).flatMap((rules) => rules.map((r) => r.template));

  it('name only templates of the catalogue', () => {
    expect(ruleTemplates.length).toBeGreaterThan(0);
    expect(ruleTemplates.filter((id) => !catalogueIds.has(id))).toEqual([]);
  });

  it('give the group robots a template of the catalogue for every event type', () => {
    const robotTemplates = eventTypes.map(robotTemplateOf);
    expect(robotTemplates.filter((id) => !catalogueIds.has(id))).toEqual([]);
    // An event without rules gets the plain one.
    expect(robotTemplateOf('order.paused')).toBe('event.generic');
    expect(robotTemplateOf('order.supervised')).toBe('supervised.supervisor');
  });

  it('send SMS only with templates that have provider codes (Aliyun and Tencent send nothing else)', () => {
    const smsTemplates = new Set<string>();
    for (const rules of Object.values(noticeRules)) {
      for (const rule of rules) {
        // The channels of a rule are its own, else the defaults of the role its audience resolves to.
        const ruleChannels = rule.channels ?? defaultChannels[roleOfAudience[rule.audience]];
        if (ruleChannels.includes('sms')) smsTemplates.add(rule.template);
      }
    }
    const missing = [...smsTemplates].filter((id) => !templateCatalogue.find((t) => t.id === id)?.smsCode);
    expect(missing).toEqual([]);
  });
});

describe('fillParameters', () => {
  it('fills known parameters wherever they occur', () => {
    expect(fillParameters('工单${orderId}：${title}（${orderId}）', { orderId: 'LX-1', title: '路灯' })).toBe('工单LX-1：路灯（LX-1）');
  });

  it('leaves an unknown or missing parameter empty, never the marker', () => {
    expect(fillParameters('a${nonsense}b${reason}c', { orderId: 'LX-1' })).toBe('abc');
    expect(fillParameters('${orderId}', {})).toBe('');
  });

  it('leaves text without markers alone, and markers that are not parameter names', () => {
    expect(fillParameters('没有参数 $ { } $orderId', { orderId: 'LX-1' })).toBe('没有参数 $ { } $orderId');
    expect(fillParameters('${order_id}', { orderId: 'LX-1' })).toBe('${order_id}');
  });

  it('inserts a value verbatim, even one that looks like a marker or a replacement pattern', () => {
    expect(fillParameters('「${title}」', { title: '${orderId} $& $1' })).toBe('「${orderId} $& $1」');
  });

  // BUG (render.ts line 8): `params[name]` reads inherited properties, so a marker named like an
  // Object.prototype member (an admin's override may contain any text) renders a function's source.
  it('leaves a marker named like an Object.prototype member empty', () => {
    expect(fillParameters('x${constructor}y${toString}z', {})).toBe('xyz');
  });
});

describe('renderTemplate', () => {
  const entry: TemplateEntry = {
    id: 'test.entry',
    'zh-CN': { title: '标题${orderId}', text: '正文${title}' },
    en: { title: 'Title ${orderId}', text: 'Body ${title}' },
    channels: { sms: { 'zh-CN': { text: '短信${title}' } }, email: { en: { title: 'Mail ${orderId}' } } },
  };
  const params = { orderId: 'LX-9', title: '路灯' };

  it('takes the wording of the language', () => {
    expect(renderTemplate(entry, 'app', 'zh-CN', params)).toEqual({ title: '标题LX-9', text: '正文路灯' });
    expect(renderTemplate(entry, 'app', 'en', params)).toEqual({ title: 'Title LX-9', text: 'Body 路灯' });
  });

  it('prefers the wording of the channel, part by part, in that language only', () => {
    expect(renderTemplate(entry, 'sms', 'zh-CN', params)).toEqual({ title: '标题LX-9', text: '短信路灯' });
    expect(renderTemplate(entry, 'sms', 'en', params)).toEqual({ title: 'Title LX-9', text: 'Body 路灯' });
    expect(renderTemplate(entry, 'email', 'en', params)).toEqual({ title: 'Mail LX-9', text: 'Body 路灯' });
    expect(renderTemplate(entry, 'email', 'zh-CN', params)).toEqual({ title: '标题LX-9', text: '正文路灯' });
  });
});
