import type { IntakeOrderInput, OrderView } from '@lianxin/contracts';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { eventually, startSystem, type RunningSystem } from '../harness';
import { policyOfSeconds } from '../notify-helpers';
import { expectAccessible } from './accessibility';
import { launchChromium, newPerson, pageErrors, step, type Screen } from './browser';
import { startTestConsole, type TestConsole } from './console';
import { commandAs, openOrder, photoOf, trackedInStatus, type OpenedOrder } from './orders';
import { screenshot } from './screenshots';
import { signIn } from './sign-in';

/**
 * Issue 10's story, after the 泰州 report (seed 004): "我想要一双健步鞋，晚上散步就放心了。" A call-
 * centre agent takes 洪奶奶's 微心愿 on the hotline in 坐席受理; the township's dispatcher accepts it
 * in 派单台, which opens it for claiming; a party member of her community claims it on her phone in
 * 党员待办, calls her, writes a 民情日记 with a photo and resolves it; 洪奶奶 rates it in 群众查询.
 * Beside it, an order nobody signs climbs the ladder to 挂牌督办 and shows on the 督办 board. Every
 * view passes the accessibility check; member and resident work at a phone's size; each view is
 * photographed for the README when LIANXIN_UPDATE_SCREENSHOTS=1.
 */

jest.setTimeout(180_000);

const wish: IntakeOrderInput = {
  kind: 'wish',
  category: '必需物资',
  title: '想要一双防滑健步鞋',
  description: '洪奶奶腿脚不便，为了早日恢复健康，每天晚上和老伴到附近公园散步，想要一双防滑的健步鞋，晚上散步就放心了。',
  channel: 'hotline',
  resident: { name: '洪桂英', phone: '13852345678', keyPopulations: ['60岁以上老人'] },
  location: { address: '冶山镇石桥社区石桥新村小区5幢201室' },
};

/** An order nobody signs: with a policy of seconds it is overdue at 3 s and 挂牌督办 at 7 s. */
const unsigned: IntakeOrderInput = {
  kind: 'concern',
  category: '道路安全',
  urgency: 'general',
  title: '村口路灯损坏，夜间出行不安全',
  description: '东王村村口三盏路灯坏了半个月，老人晚上出门看不清路。',
  channel: 'hotline',
  resident: { name: '王秀英', phone: '13912345678' },
  location: { gridId: 'grid-yeshan-dongwang-1', address: '冶山镇东王村村口' },
};

const agent = 'agent-hotline-1';
const dispatcher = 'mem-yeshan-dispatcher'; // 王德明, 冶山镇党委
const member = 'mem-yeshan-shiqiao-2'; // 杨桂兰, 网格责任党员 of 石桥新村小区
const supervisor = 'mem-yeshan-supervisor'; // 赵国平, 镇纪委

let system: RunningSystem;
let consoleApp: TestConsole;
let browser: Browser;
const people: BrowserContext[] = [];

/** The wish as the agent's receipt gave it. */
let order: OpenedOrder | undefined;
let overdue: OpenedOrder | undefined;

beforeAll(async () => {
  system = await startSystem('browser-story', { policy: async () => policyOfSeconds(3_000) });
  consoleApp = await startTestConsole(system);
  browser = await launchChromium();
});

afterAll(async () => {
  await Promise.allSettled(people.map((context) => context.close()));
  await browser?.close();
  await consoleApp?.close();
  await system?.close();
});

/** A person at `screen`, signed in as `username` through the real login page, on `path` of the console. */
async function signedIn(username: string, screen: Screen, path: string): Promise<Page> {
  const context = await newPerson(browser, screen);
  people.push(context);
  const page = await context.newPage();
  await signIn(page, username, `${consoleApp.url}${path}`);
  return page;
}

function theWish(): OpenedOrder {
  if (!order) throw new Error('the wish was not placed (an earlier step failed)');
  return order;
}

/** antd's Select: opens it by its label and picks the option with that text. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  await page.locator(`.ant-select-dropdown .ant-select-item-option[title="${option}"]`).filter({ visible: true }).click();
}

/** A radio of antd's button style: the finger lands on its label. */
const radioLabel = (scope: Page | Locator, text: string) => scope.locator('label').filter({ hasText: new RegExp(`^${text}$`) });

/** An order action button (antd spaces two-character labels: 受 理), by the command it gives. */
const action = (scope: Page | Locator, command: string) => scope.locator(`[data-command="${command}"]`);

/** The command dialog of `command`: fills it with `fill`, submits, and waits until it has closed. */
async function inDialog(page: Page, command: string, fill: (dialog: Locator) => Promise<void>): Promise<void> {
  const dialog = page.getByTestId(`dialog-${command}`).getByRole('dialog').or(page.getByRole('dialog').filter({ has: page.getByTestId('submit-command') }));
  await dialog.first().waitFor();
  await fill(dialog.first());
  await dialog.first().getByTestId('submit-command').click();
  await dialog.first().waitFor({ state: 'hidden', timeout: 30_000 });
}

function apiView(id: string, code: string): Promise<OrderView> {
  return fetch(`${system.residents.url}/api/v1/orders/${id}`, { headers: { 'x-tracking-code': code } }).then((r) => r.json() as Promise<OrderView>);
}

describe('the 泰州 微心愿 story across four roles, in Chromium', () => {
  step('starts an order nobody will sign (for the 督办 board at the end)', () => people, async () => {
    overdue = await openOrder(system, unsigned);
    await commandAs(system.cadres.url, 'mem-yeshan-dongwang-1', overdue.id, { type: 'accept' });
    await commandAs(system.cadres.url, 'mem-yeshan-dongwang-1', overdue.id, {
      type: 'dispatch',
      target: { kind: 'member', id: 'mem-yeshan-dongwang-2', name: '李秀英', organisationId: 'org-yeshan-dongwang' },
      coHandlers: [],
    });
  });

  step('坐席受理: the agent takes the wish on the hotline and gives 洪奶奶 her order number and 查询码', () => people, async () => {
    const page = await signedIn(agent, 'desktop', '/agent');
    await page.getByRole('heading', { level: 1, name: '坐席受理' }).waitFor();
    await radioLabel(page, '微心愿').click();
    await choose(page, '分类', wish.category);
    await page.getByLabel('标题', { exact: true }).fill(wish.title);
    await page.getByLabel('诉求描述').fill(wish.description);
    await page.getByLabel('群众姓名').fill(wish.resident.name);
    await page.getByLabel('手机号').fill(wish.resident.phone!);
    await page.getByRole('group', { name: '重点人群' }).getByRole('checkbox', { name: '60岁以上老人' }).check();
    await page.getByLabel('地址', { exact: true }).fill(wish.location!.address!);
    await page.getByTestId('match-grid').click();
    // The address names 石桥新村小区: its small grid is chosen (杨桂兰 answers for it).
    await page.getByRole('status').filter({ hasText: '石桥新村小区' }).waitFor();
    expect(await page.getByTestId('grid').innerText()).toContain('石桥社区第一网格（石桥新村小区）');
    await expectAccessible(page, '坐席受理 (form)');
    await screenshot(page, 'agent-intake');

    await page.getByTestId('submit-intake').click();
    const receipt = page.getByTestId('intake-receipt');
    await receipt.waitFor();
    const id = (await page.getByTestId('receipt-order-id').innerText()).trim();
    const trackingCode = (await page.getByTestId('receipt-tracking-code').innerText()).trim();
    expect(id).toMatch(/^LX\d{8}-[2-9A-HJ-NP-Z]{8}$/);
    expect(trackingCode).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    order = { id, trackingCode };
    await expectAccessible(page, '坐席受理 (receipt)');
    const placed = await trackedInStatus(system, order, 'received');
    expect(placed).toMatchObject({ kind: 'wish', category: '必需物资', channel: 'hotline', location: { gridId: 'grid-yeshan-shiqiao-1' } });
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  step('派单台: the township dispatcher accepts it, which opens it for claiming', () => people, async () => {
    const { id, trackingCode } = theWish();
    const page = await signedIn(dispatcher, 'desktop', '/dispatcher');
    await page.getByRole('heading', { level: 1, name: '派单台' }).waitFor();
    const row = page.getByTestId('dispatch-queue').getByRole('row').filter({ hasText: wish.title });
    await row.waitFor();
    expect(await row.innerText()).toContain('洪*英'); // the queue shows masked names
    await expectAccessible(page, '派单台');
    await screenshot(page, 'dispatcher-board');

    await action(row, 'accept').click();
    await row.waitFor({ state: 'detached', timeout: 30_000 }); // no longer waiting on a dispatcher
    const opened = await eventually(async () => {
      const view = await apiView(id, trackingCode);
      return view.status === 'open_for_claim' ? view : undefined;
    }, 20_000, 'the wish open for claiming');
    expect(opened.claim).toMatchObject({ stage: 0 });
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  step('党员待办 at a phone size: the member claims it, calls 洪奶奶, writes a 民情日记 with a photo and resolves it', () => people, async () => {
    const { id } = theWish();
    const page = await signedIn(member, 'phone', '/member');
    await page.getByRole('heading', { level: 1, name: '党员待办' }).waitFor();

    await page.getByRole('tab', { name: /认领大厅/ }).click();
    const offer = page.locator(`[data-testid="member-order"][data-order-id="${id}"]`);
    await offer.waitFor({ timeout: 30_000 });
    await expectAccessible(page, '党员待办 (claim board, phone)');
    await action(offer, 'claim').click();

    await page.getByRole('tab', { name: /我的待办/ }).click();
    const mine = page.locator(`[data-testid="member-order"][data-order-id="${id}"]`);
    await mine.filter({ hasText: '已签收' }).waitFor({ timeout: 30_000 });

    // 联系: the full number, revealed (and audited) for the call, then 上门走访.
    await action(mine, 'contact').click();
    await inDialog(page, 'contact', async (dialog) => {
      await dialog.getByRole('button', { name: /查看完整号码/ }).click();
      await dialog.getByTestId('resident-phone').filter({ hasText: '13852345678' }).waitFor();
      await radioLabel(dialog, '上门走访').click();
      await dialog.getByLabel('备注').fill('上门看望洪奶奶，量好鞋码：37码');
    });
    await mine.filter({ hasText: '办理中' }).waitFor({ timeout: 30_000 });

    // 民情日记 with a photo taken on the phone.
    const shoes = await photoOf(browser, '防滑健步鞋 37码', '#8e1616');
    await action(mine, 'addDiaryEntry').click();
    await inDialog(page, 'addDiaryEntry', async (dialog) => {
      await dialog.getByLabel('日记内容').fill('买好防滑健步鞋送到洪奶奶家，现场帮老人试穿，大小合适。');
      await dialog.locator('input[type="file"]').setInputFiles({ name: 'shoes.png', mimeType: 'image/png', buffer: shoes });
      await dialog.locator('.ant-upload-list-item').first().waitFor();
    });
    await expectAccessible(page, '党员待办 (my orders, phone)');
    await screenshot(page, 'member-inbox');

    // The order itself: the record with the photo, then 办结.
    await mine.getByTestId('order-link').click();
    // The list may redraw under the finger as the live stream reports the diary entry: then the link is followed by address.
    await page.waitForURL(`**/orders/${id}`, { timeout: 10_000 }).catch(() => page.goto(`${consoleApp.url}/orders/${id}`));
    await page.getByRole('heading', { level: 1, name: wish.title }).waitFor();
    const diary = page.getByTestId('timeline-entry').filter({ hasText: '买好防滑健步鞋' });
    await diary.waitFor({ timeout: 30_000 });
    const photo = diary.getByTestId('attachment-photo').locator('img').or(diary.locator('img[data-testid="attachment-photo"]'));
    await photo.first().waitFor();
    expect(await photo.first().getAttribute('src')).toMatch(/^blob:/);
    await expectAccessible(page, '工单详情 (member, phone)');
    await screenshot(page, 'member-order');

    await action(page, 'resolve').click();
    await inDialog(page, 'resolve', async (dialog) => {
      await dialog.getByLabel('办结情况').fill('健步鞋已送到洪奶奶家中并试穿合适，老人晚上散步放心了。');
    });
    await trackedInStatus(system, theWish(), 'resolved');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  step('群众查询 at a phone size: 洪奶奶 sees the record and the photo, and rates it 满意', () => people, async () => {
    const { id, trackingCode } = theWish();
    const context = await newPerson(browser, 'phone');
    people.push(context);
    const page = await context.newPage();
    await page.goto(`${consoleApp.url}/track`);
    await page.getByLabel('工单编号').fill(id);
    await page.getByLabel('查询码').fill(trackingCode);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.getByTestId('order-status').filter({ hasText: '已办结' }).waitFor();
    const progress = await page.getByRole('region', { name: '办理进度' }).innerText();
    expect(progress).toContain('洪*英');
    expect(progress).toContain('杨桂兰');
    const record = page.getByRole('region', { name: '办理记录' });
    const photo = record.getByRole('img', { name: /^办理照片 1/ });
    await photo.waitFor();
    expect(await photo.getAttribute('src')).toMatch(/^blob:/);
    expect(await record.innerText()).toContain('民情日记：买好防滑健步鞋送到洪奶奶家');

    const checkBack = page.getByRole('region', { name: '回访评价' });
    await radioLabel(checkBack, '满意').click();
    await checkBack.getByLabel('意见和建议（选填）').fill('鞋子很合脚，谢谢杨书记！');
    await expectAccessible(page, '群众查询 (check-back, phone)');
    await screenshot(page, 'resident-check-back');
    await checkBack.getByRole('button', { name: '提交评价' }).click();
    await page.getByRole('status').filter({ hasText: '感谢您的评价：满意' }).waitFor();
    await page.getByTestId('order-status').filter({ hasText: '已销号' }).waitFor();
    const closed = await trackedInStatus(system, theWish(), 'closed');
    expect(closed.rating).toBe('satisfied');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  step('督办: the supervisor sees the order nobody signed at 挂牌督办, and reminds its handler', () => people, async () => {
    if (!overdue) throw new Error('the unsigned order was not placed');
    const { id, trackingCode } = overdue;
    await eventually(async () => ((await apiView(id, trackingCode)).escalationLevel === 'escalated' ? true : undefined), 60_000, '挂牌督办 in the tracking read model');

    const page = await signedIn(supervisor, 'desktop', '/supervisor');
    await page.getByRole('heading', { level: 1, name: '督办' }).waitFor();
    const card = page.locator(`[data-testid="supervision-order"][data-order-id="${id}"]`);
    await card.waitFor({ timeout: 30_000 });
    expect(await card.getAttribute('data-level')).toBe('escalated');
    expect(await card.innerText()).toContain('挂牌督办');
    expect(await card.innerText()).toContain('李秀英');
    await expectAccessible(page, '督办');
    await screenshot(page, 'supervisor-board');

    await action(card, 'remind').click();
    await inDialog(page, 'remind', async (dialog) => {
      await dialog.getByLabel('备注').fill('请李秀英同志今天内签收并联系群众');
    });
    await eventually(async () => {
      const response = await fetch(`${system.residents.url}/api/v1/orders/${id}/timeline`, { headers: { 'x-tracking-code': trackingCode } });
      const { entries } = (await response.json()) as { entries: { type: string; actor: { role: string } }[] };
      return entries.some((e) => e.type === 'order.reminded' && e.actor.role === 'supervisor') ? true : undefined;
    }, 20_000, 'the supervisor\'s 催办 in the record');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });
});
