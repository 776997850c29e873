import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * axe-core run inside a page by whatever driver opened it. `evaluate` takes a JavaScript
 * expression (its value may be a promise, which the driver awaits) and answers the value:
 * - Playwright: `(expr) => page.evaluate(expr)`. Playwright evaluates through the DevTools
 *   protocol, which the page's Content-Security-Policy does not govern, so the axe source goes
 *   in even though the app allows no inline or foreign script (the a11y tests check this
 *   against the real server's CSP);
 * - WebDriver: `(expr) => driver.executeScript('return (' + expr + ');')` — W3C "Execute
 *   Script" awaits a returned promise and is not subject to the page's CSP either.
 * Both expressions are plain ES2017, no driver-specific API.
 */
export type Evaluate = (expression: string) => Promise<unknown>;

/** One serious or critical axe violation, described for a test's failure message. */
export interface Violation {
  rule: string;
  impact: 'serious' | 'critical';
  help: string;
  /** CSS selectors of the offending elements (inside frames: the frame's selector first). */
  targets: string[];
  /** axe's summary for the first element (what to fix). */
  summary: string;
}

/** WCAG 2.0 and 2.1, levels A and AA: what the law and the brief hold the client to. */
export const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

const require = createRequire(import.meta.url);
let source: string | null = null;
const axeSource = () => (source ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

/** Defines `window.axe` in the page unless it is there already; answers whether it is. */
export async function injectAxe(evaluate: Evaluate): Promise<boolean> {
  if ((await evaluate("typeof window.axe === 'object'")) === true) return true;
  // An arrow function around the UMD bundle: it attaches itself to `window`.
  return (await evaluate(`(() => { ${axeSource()}\n; return typeof window.axe === 'object'; })()`)) === true;
}

/**
 * What axe says of the whole document with the WCAG 2.1 A/AA rules: the violations whose
 * impact is serious or critical (moderate and minor ones are left to review), and how many
 * elements of serious or critical rules it could not decide (`needsReview`: mostly text on a
 * gradient or an image, whose contrast a person has to judge).
 */
export async function axeReport(evaluate: Evaluate): Promise<{ serious: Violation[]; needsReview: number }> {
  if (!(await injectAxe(evaluate))) throw new Error('axe-core could not be injected into the page');
  const options = JSON.stringify({ runOnly: { type: 'tag', values: WCAG21_AA }, resultTypes: ['violations', 'incomplete'] });
  // Serialised in the page: drivers differ in how they carry nested objects back.
  const run = `window.axe.run(document, ${options}).then((r) => JSON.stringify({
    violations: r.violations.map((v) => ({
      rule: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(' >> ')),
      summary: (v.nodes[0] && v.nodes[0].failureSummary || '').split('\\n').slice(0, 3).join(' '),
    })),
    incomplete: r.incomplete.filter((v) => v.impact === 'serious' || v.impact === 'critical').reduce((n, v) => n + v.nodes.length, 0),
  }))`;
  const result = JSON.parse(String(await evaluate(run))) as { violations: Array<Omit<Violation, 'impact'> & { impact: string | null }>; incomplete: number };
  return { serious: result.violations.filter((v): v is Violation => v.impact === 'serious' || v.impact === 'critical'), needsReview: result.incomplete };
}

/** The serious and critical WCAG 2.1 A/AA violations of the document (see `axeReport`). */
export const seriousViolations = async (evaluate: Evaluate): Promise<Violation[]> => (await axeReport(evaluate)).serious;

/** One line per violation: `rule (impact, n×): help — first targets`. */
export function describeViolations(found: Violation[]): string[] {
  return found.map((v) => `${v.rule} (${v.impact}, ${v.targets.length}×): ${v.help} — ${v.targets.slice(0, 4).join(', ')}${v.targets.length > 4 ? ', …' : ''}; ${v.summary}`);
}
