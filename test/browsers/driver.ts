/**
 * The seam between the flows and a browser engine: one test body drives Chromium and Firefox
 * through Playwright and WebKit through W3C WebDriver, by this interface alone.
 */
export type EngineName = 'chromium' | 'firefox' | 'webkit';
export const ENGINES: EngineName[] = ['chromium', 'firefox', 'webkit'];

/** A string matches the whole text (white space collapsed, case kept); a RegExp matches any part. */
export type Text = string | RegExp;

/**
 * How a step finds an element, the same in every engine. Exactly one of role, label, text,
 * testId or css; `within` searches inside another query's elements, `has` keeps the elements
 * holding a match of another query, `nth` picks one of several.
 */
export interface Query {
  role?: string;
  /** The accessible name, with `role`. */
  name?: Text;
  label?: Text;
  /** The smallest elements whose text matches (inside `within`, its element itself too, as Playwright does). */
  text?: Text;
  testId?: string;
  css?: string;
  within?: Query;
  has?: Query;
  nth?: number;
}

export const byRole = (role: string, name?: Text): Query => (name === undefined ? { role } : { role, name });
export const byLabel = (label: Text): Query => ({ label });
export const byText = (text: Text): Query => ({ text });
export const byTestId = (testId: string): Query => ({ testId });
export const byCss = (css: string): Query => ({ css });
/** `q` searched inside `scope` (inside whatever `q` was already scoped to). */
export const inside = (scope: Query, q: Query): Query => ({ ...q, within: q.within ? inside(scope, q.within) : scope });

export interface Viewport { width: number; height: number }

export interface TabOptions {
  /** The server's origin, e.g. http://127.0.0.1:1234. */
  origin: string;
  viewport: Viewport;
  /** A session cookie `name=value` set for the origin before the first page. */
  cookie?: string;
}

/** One signed-in (or not yet) browser window of its own, with its own cookies. */
export interface Tab {
  readonly engine: EngineName;
  /** Opens a path of the origin and waits for the page's load. */
  goto(path: string): Promise<void>;
  click(q: Query): Promise<void>;
  /** Replaces a text field's value by typing. */
  fill(q: Query, value: string): Promise<void>;
  /** Chooses the option of a `<select>` by its visible label. */
  select(q: Query, optionLabel: string): Promise<void>;
  /** Presses a key on the focused element: 'Enter', 'Escape', 'Tab', ' ' … */
  press(key: string): Promise<void>;
  /** Waits (strictly: one match) for the element to show, or for every match to be gone. */
  waitFor(q: Query, state?: 'visible' | 'gone'): Promise<void>;
  /** The rendered text, white space collapsed. */
  textOf(q: Query): Promise<string>;
  attributeOf(q: Query, name: string): Promise<string | null>;
  count(q: Query): Promise<number>;
  /** The value of a JavaScript expression in the page (a string: the tests have no DOM types). */
  evaluate<T>(expression: string): Promise<T>;
  /** A PNG of the viewport (scrolled to show `around` first, if given) in test-results/screenshots; its path. */
  screenshot(name: string, around?: Query): Promise<string>;
  /** Uncaught errors (and, where the engine reports them, console errors) the pages had. */
  problems(): Promise<string[]>;
  close(): Promise<void>;
}

export interface Engine {
  readonly name: EngineName;
  /** WebDriver engines: how long each session took to start, in ms. */
  readonly sessionStartMs?: number[];
  open(opts: TabOptions): Promise<Tab>;
  /** Closes every tab and ends every process the engine started. */
  close(): Promise<void>;
}

/** How long a step waits for its element before failing with the query's description. */
export const STEP_TIMEOUT_MS = 20_000;

/** A query in words, for failure messages. */
export function describeQuery(q: Query): string {
  const t = (x: Text) => (typeof x === 'string' ? JSON.stringify(x) : String(x));
  const own = q.role !== undefined ? `role ${q.role}${q.name !== undefined ? ` named ${t(q.name)}` : ''}`
    : q.label !== undefined ? `label ${t(q.label)}`
      : q.text !== undefined ? `text ${t(q.text)}`
        : q.testId !== undefined ? `test id ${q.testId}` : `css ${q.css}`;
  return [q.within ? `${describeQuery(q.within)} › ` : '', own, q.has ? ` having ${describeQuery(q.has)}` : '', q.nth !== undefined ? ` #${q.nth}` : ''].join('');
}
