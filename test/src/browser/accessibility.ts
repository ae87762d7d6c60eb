import axe from 'axe-core';
import type { Page } from 'playwright-core';

/**
 * The accessibility check of every console view: axe-core (its default rules: WCAG 2.x A and AA
 * and best practices) run in the page as it stands; any violation of impact serious or critical
 * fails the test, naming the rule, its impact and the elements. axe-core's `source` is evaluated
 * in the page itself (@axe-core/playwright needs Node 22); evaluation goes through the DevTools
 * protocol, so the console's Content-Security-Policy does not stop it.
 */

export type Impact = NonNullable<axe.ImpactValue>;

const failing: ReadonlySet<Impact> = new Set(['serious', 'critical']);

export interface AccessibilityOptions {
  /** Selectors left out of the check (e.g. a third-party widget the test does not own). */
  exclude?: string[];
}

/** A violation as the failure message shows it: rule, impact, what it asks, and where. */
export interface Violation {
  rule: string;
  impact: Impact;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; summary: string }[];
}

/** Runs axe-core in `page` and answers every violation, whatever its impact. */
export async function accessibilityViolations(page: Page, options: AccessibilityOptions = {}): Promise<Violation[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(axe.source);
  const results = await page.evaluate(async (exclude: string[]) => {
    const engine = (globalThis as unknown as { axe: typeof axe }).axe;
    const context = exclude.length > 0 ? { exclude: exclude.map((selector) => [selector]) } : { include: [['html']] };
    const run = await engine.run(context as axe.ElementContext, { resultTypes: ['violations'] });
    return run.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? 'minor',
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), html: n.html.slice(0, 200), summary: n.failureSummary ?? '' })),
    }));
  }, options.exclude ?? []);
  return results as Violation[];
}

export function describeViolations(violations: readonly Violation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    ${n.target}\n      ${n.html}\n      ${n.summary.replace(/\n/g, '\n      ')}`).join('\n');
      return `  [${v.impact}] ${v.rule}: ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join('\n');
}

/** Fails when `page` has any serious or critical accessibility violation, listing each. */
export async function expectAccessible(page: Page, label: string, options: AccessibilityOptions = {}): Promise<void> {
  const serious = (await accessibilityViolations(page, options)).filter((v) => failing.has(v.impact));
  if (serious.length > 0) {
    throw new Error(`${label}: ${serious.length} serious or critical accessibility violation(s) at ${page.url()}\n${describeViolations(serious)}`);
  }
}
