import AxeBuilder from '@axe-core/playwright';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/**
 * axe-core on the screen as it is: no serious or critical violation of WCAG 2.1 A and AA; and
 * nothing wider than the window, which would mean scrolling sideways on a 1024 px screen.
 */
export async function expectAccessible(page: Page, screen: string) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${screen} is wider than the window`).toBeLessThanOrEqual(0);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${screen}: ${violation.id} (${violation.impact}) on ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
}
