import type { IntakeOrderInput } from '@lianxin/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startSystem, type RunningSystem } from '../harness';
import { expectAccessible } from './accessibility';
import { launchChromium, newPerson, pageErrors, step } from './browser';
import { startTestConsole, type TestConsole } from './console';
import { commandAs, openOrder, photoOf, trackedInStatus, uploadPhoto, type OpenedOrder } from './orders';
import { screenshot } from './screenshots';

/**
 * 群众查询 in a real Chromium at a phone's size: a resident who got an order number and a 查询码
 * from the hotline follows their wish without an account — status, masked details, the live
 * countdown, the record — switches to English and back, has a stale 撤单 refused in the
 * service's words, rates the result, and cancels another order.
 */

jest.setTimeout(180_000);

/** A 泰州 wish (seed 004): 肖萌, blind for twenty years, wishes for a radio made for the blind. */
const radioWish: IntakeOrderInput = {
  kind: 'wish',
  category: '精神文化',
  title: '想要一台盲人收音机',
  description: '肖萌老人视网膜色素变性，视力一级残疾近20年，看不清世界，想听听外面的声音，希望有一台盲人收音机。',
  channel: 'hotline',
  resident: { name: '肖萌', phone: '13961234567', keyPopulations: ['残疾人', '60岁以上老人'] },
  location: { gridId: 'grid-tongcheng-tongcheng-1', address: '铜城镇铜城社区老街12号' },
};

const dispatcher = 'mem-tongcheng-dispatcher';
const member = 'mem-tongcheng-tongcheng-2'; // 罗美玲, 网格责任党员 of 铜城老街

let system: RunningSystem;
let consoleApp: TestConsole;
let browser: Browser;
const people: BrowserContext[] = [];

beforeAll(async () => {
  system = await startSystem('browser-track');
  consoleApp = await startTestConsole(system);
  browser = await launchChromium();
});

afterAll(async () => {
  await Promise.allSettled(people.map((context) => context.close()));
  await browser?.close();
  await consoleApp?.close();
  await system?.close();
});

/** The errors a page threw or logged and the requests refused, but for the refusals the test provokes (a wrong code, a stale 撤单). */
function unexpectedErrors(page: Page, orderId: string): string[] {
  const provoked = [`HTTP 403 GET ${system.residents.url}/api/v1/orders/${orderId}`, `HTTP 409 POST ${system.residents.url}/api/v1/orders/${orderId}/commands`];
  return pageErrors(page).filter((line) => !provoked.some((refusal) => line.startsWith(refusal)));
}

async function lookUp(page: Page, orderNumber: string, code: string): Promise<void> {
  await page.getByLabel('工单编号').fill(orderNumber);
  await page.getByLabel('查询码').fill(code);
  await page.getByRole('button', { name: '查询', exact: true }).click();
}

const status = (page: Page, label: string) => page.getByTestId('order-status').filter({ hasText: label }).waitFor();

describe('群众查询 (the resident tracking page) in Chromium at a phone size', () => {
  step('follows a wish by order number and 查询码, in zh-CN and English, refuses a stale 撤单 and takes the 回访', () => people, async () => {
    const order: OpenedOrder = await openOrder(system, radioWish);
    const cadres = system.cadres.url;
    await commandAs(cadres, dispatcher, order.id, { type: 'accept' }); // a wish opens for claiming on acceptance
    await commandAs(cadres, member, order.id, { type: 'claim' });
    await commandAs(cadres, member, order.id, { type: 'contact', method: 'visit', note: '上门看望肖萌老人，了解想要的收音机' });
    const radio = await uploadPhoto(system, member, order.id, await photoOf(browser, '盲人收音机'), 'radio.png');
    await commandAs(cadres, member, order.id, { type: 'addDiaryEntry', text: '联系社区党建联盟成员单位，募集到一台盲人收音机', photos: [radio] });
    await trackedInStatus(system, order, 'in_progress');

    const resident = await newPerson(browser, 'phone');
    people.push(resident);
    const page = await resident.newPage();
    await page.goto(`${consoleApp.url}/track`);
    await page.getByRole('heading', { level: 1, name: '群众查询 · 工单进度' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.title()).toBe('群众查询 · 工单进度 · 连心桥');
    await expectAccessible(page, 'resident lookup (zh-CN, phone)');

    // A wrong code: the service's zh-CN refusal, next to the form.
    await lookUp(page, order.id, 'AAAA-BBBB');
    const refusal = page.getByRole('alert').filter({ hasText: '查询码不正确' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('工单编号与查询码不匹配');

    // The code as people type it: lower case, no dash.
    await lookUp(page, order.id, order.trackingCode.toLowerCase().replace('-', ''));
    await status(page, '办理中');
    const progress = page.getByRole('region', { name: '办理进度' });
    const shown = await progress.innerText();
    expect(shown).toContain('想要一台盲人收音机');
    expect(shown).toContain('微心愿');
    expect(shown).toContain('肖*'); // masked by the service
    expect(shown).toContain('139****4567');
    expect(shown).not.toContain('13961234567');
    expect(shown).toContain('罗美玲');

    // The live countdown of the current limit (办结) ticks.
    expect(shown).toContain('距办结时限还剩');
    const timer = page.getByRole('timer');
    const first = await timer.innerText();
    expect(first).toMatch(/\d+天 \d{2}:\d{2}:\d{2}/);
    await page.waitForTimeout(1_500);
    expect(await timer.innerText()).not.toBe(first);

    const record = page.getByRole('region', { name: '办理记录' });
    const lines = await record.getByRole('listitem').allInnerTexts();
    expect(lines[0]).toContain('民情日记：联系社区党建联盟成员单位，募集到一台盲人收音机'); // newest first
    expect(lines.join('\n')).toContain('已认领');
    expect(lines.join('\n')).toContain('已联系群众');
    expect(lines.at(-1)).toContain('已点单');
    // The diary photo, fetched with the 查询码 and shown from a blob: URL.
    const photo = record.getByRole('img', { name: /^办理照片 1/ });
    await photo.waitFor();
    expect(await photo.getAttribute('src')).toMatch(/^blob:/);
    expect(await photo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(320);
    await expectAccessible(page, 'resident tracking (zh-CN, phone)');
    await screenshot(page, 'resident-tracking');

    // English, and back.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Track your request' }).waitFor();
    expect(await page.title()).toBe('Track your request · 连心桥');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await status(page, 'In progress');
    expect(await page.getByRole('region', { name: 'Record' }).innerText()).toContain('Diary entry');
    await expectAccessible(page, 'resident tracking (English, phone)');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { level: 1, name: '群众查询 · 工单进度' }).waitFor();

    // The member resolves it meanwhile: 撤单 from the page as it stood is refused, in the service's words, beside the button.
    await commandAs(cadres, member, order.id, { type: 'resolve', summary: '盲人收音机已送到肖萌老人家中，并教会老人使用', evidence: [] });
    const cancel = page.getByRole('region', { name: '撤单' });
    await cancel.getByRole('button', { name: '我要撤单' }).click();
    await cancel.getByLabel('撤单原因').fill('已经不需要了');
    await cancel.getByRole('button', { name: '确认撤单' }).click();
    const stale = cancel.getByRole('alert');
    await stale.waitFor();
    expect(await stale.innerText()).toContain('工单当前状态不允许此操作');

    // Read again: resolved, so 回访 instead of 撤单.
    await trackedInStatus(system, order, 'resolved');
    await page.getByRole('button', { name: '刷新' }).click();
    await status(page, '已办结');
    expect(await page.getByRole('region', { name: '撤单' }).count()).toBe(0);
    const checkBack = page.getByRole('region', { name: '回访评价' });
    await expectAccessible(page, 'resident check-back (zh-CN, phone)');
    await checkBack.getByRole('button', { name: '提交评价' }).click();
    await checkBack.getByRole('alert').filter({ hasText: '请选择满意程度' }).waitFor();
    await checkBack.locator('label').filter({ hasText: /^基本满意$/ }).click(); // as a finger does: on the label
    expect(await checkBack.getByRole('radio', { name: '基本满意', exact: true }).isChecked()).toBe(true);
    await checkBack.getByLabel('意见和建议（选填）').fill('收音机很好用，谢谢罗书记');
    await checkBack.getByRole('button', { name: '提交评价' }).click();
    await page.getByRole('status').filter({ hasText: '感谢您的评价：基本满意' }).waitFor();
    await status(page, '已销号');
    await record.getByRole('listitem').filter({ hasText: '已回访：基本满意，收音机很好用，谢谢罗书记' }).waitFor();
    expect(unexpectedErrors(page, order.id)).toEqual([]);
  });

  step('cancels an order the resident no longer needs', () => people, async () => {
    const order = await openOrder(system, { ...radioWish, title: '想请人帮忙修收音机', category: '其他', description: '家里的旧收音机坏了，想请人帮忙看看。' });
    await trackedInStatus(system, order, 'received');

    const resident = await newPerson(browser, 'phone');
    people.push(resident);
    const page = await resident.newPage();
    await page.goto(`${consoleApp.url}/track?order=${order.id}`);
    expect(await page.getByLabel('工单编号').inputValue()).toBe(order.id); // from the link in the text message
    await page.getByLabel('查询码').fill(order.trackingCode);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await status(page, '待受理');

    const cancel = page.getByRole('region', { name: '撤单' });
    await cancel.getByRole('button', { name: '我要撤单' }).click();
    await cancel.getByRole('button', { name: '确认撤单' }).click();
    await cancel.getByRole('alert').filter({ hasText: '请填写撤单原因' }).waitFor();
    await cancel.getByLabel('撤单原因').fill('儿子回家已经修好了');
    await cancel.getByRole('button', { name: '确认撤单' }).click();
    await page.getByRole('status').filter({ hasText: '工单已撤销' }).waitFor();
    await status(page, '已撤单');
    expect(await page.getByRole('region', { name: '撤单' }).count()).toBe(0);
    await page.getByRole('region', { name: '办理记录' }).getByRole('listitem').filter({ hasText: '已撤单：儿子回家已经修好了' }).waitFor();
    await trackedInStatus(system, order, 'cancelled');
    expect(pageErrors(page)).toEqual([]);
  });
});
