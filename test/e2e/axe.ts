import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * Every page the suite shows must have 0 axe violations (WCAG 2.1 A/AA and axe's best
 * practices) in the state it was screenshotted in. `snap` calls this after each screenshot, so
 * a new screen is checked the moment a spec takes its picture.
 */
export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const found = violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
  }));
  expect(found, `axe violations on ${screen}`).toEqual([]);
}
