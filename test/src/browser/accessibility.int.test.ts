import type { Browser } from 'playwright-core';
import { accessibilityViolations, expectAccessible } from './accessibility';
import { launchChromium, newPerson } from './browser';

/**
 * The accessibility check the console's views are held to fails when it should: on a page with
 * serious and critical violations it names each rule, its impact and the elements; a page with
 * only minor or moderate ones passes.
 */

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const broken = `<!doctype html><html lang="zh-CN"><head><title>坏页面</title></head><body><main>
  <h1>办理记录</h1>
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="photo">
  <p style="color:#bbbbbb;background:#ffffff" id="faint">浅灰色的说明文字</p>
  <input id="code" type="text">
  <button id="icon"></button>
</main></body></html>`;

const fine = `<!doctype html><html lang="zh-CN"><head><title>好页面</title></head><body><main>
  <h1>办理记录</h1>
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="民情日记照片">
  <p style="color:#595959">说明文字</p>
  <label for="code">查询码</label><input id="code" type="text">
  <button>查询</button>
</main></body></html>`;

describe('the accessibility check (axe-core in Chromium)', () => {
  it('fails on serious and critical violations, naming rule, impact and element', async () => {
    const context = await newPerson(browser, 'phone');
    const page = await context.newPage();
    await page.setContent(broken);
    const found = await accessibilityViolations(page);
    expect(found.map((v) => [v.rule, v.impact]).sort()).toEqual(
      expect.arrayContaining([
        ['button-name', 'critical'],
        ['color-contrast', 'serious'],
        ['image-alt', 'critical'],
        ['label', 'critical'],
      ]),
    );
    const failure = expectAccessible(page, 'broken page');
    await expect(failure).rejects.toThrow(/broken page: \d+ serious or critical accessibility violation/);
    await expect(failure).rejects.toThrow(/\[critical\] image-alt: .*\n\s+#photo/);
    await expect(failure).rejects.toThrow(/\[serious\] color-contrast: .*\n\s+#faint/);
    await context.close();
  });

  it('passes a page without them', async () => {
    const context = await newPerson(browser, 'desktop');
    const page = await context.newPage();
    await page.setContent(fine);
    await expectAccessible(page, 'fine page');
    await context.close();
  });
});
