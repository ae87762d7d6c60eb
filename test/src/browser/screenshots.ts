import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** Where the README's pictures of the console live. */
export const screenshotDir = path.resolve(__dirname, '../../../docs/screenshots');

/** Whether this run writes the screenshots (`LIANXIN_UPDATE_SCREENSHOTS=1`); otherwise the checkout stays as it is. */
export function updatingScreenshots(): boolean {
  return process.env.LIANXIN_UPDATE_SCREENSHOTS === '1';
}

/**
 * The view as it stands, to `docs/screenshots/<name>.png` — only when `LIANXIN_UPDATE_SCREENSHOTS=1`
 * (`LIANXIN_UPDATE_SCREENSHOTS=1 npm test -- test/src/browser`). The whole page, without the text
 * caret and with animations finished. Answers the file written, if any.
 */
export async function screenshot(page: Page, name: string): Promise<string | undefined> {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`screenshot name ${name}: lower-case letters, digits and dashes only`);
  if (!updatingScreenshots()) return undefined;
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
  return file;
}
