/**
 * A small W3C WebDriver client over HTTP (fetch): the few commands the WebKit tab needs.
 * https://www.w3.org/TR/webdriver2/
 */
export const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';
export type ElementRef = { [ELEMENT_KEY]: string };

/** A WebDriver error answer: `error` is the spec's code ('no such element', 'stale element reference' …). */
export class WebDriverError extends Error {
  constructor(readonly error: string, message: string) {
    super(`${error}: ${message}`);
  }
}

/** Keys by the names Playwright uses, as the WebDriver code points for key actions. */
const KEYS: Record<string, string> = { Enter: '\uE007', Escape: '\uE00C', Tab: '\uE004', Backspace: '\uE003', Space: ' ', ArrowDown: '\uE015', ArrowUp: '\uE013', ArrowLeft: '\uE012', ArrowRight: '\uE014', Home: '\uE011', End: '\uE010' };

export class WebDriverSession {
  private constructor(private readonly base: string, readonly id: string) {}

  static async create(base: string, capabilities: Record<string, unknown>): Promise<WebDriverSession> {
    const { sessionId } = await call<{ sessionId: string }>(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } });
    return new WebDriverSession(base, sessionId);
  }

  private cmd<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return call<T>(this.base, method, `/session/${this.id}${path}`, body ?? (method === 'POST' ? {} : undefined));
  }

  navigate(url: string) { return this.cmd<null>('POST', '/url', { url }); }
  /** Runs a function body in the page; `arguments` are `args`. */
  execute<T>(script: string, args: unknown[] = []) { return this.cmd<T>('POST', '/execute/sync', { script, args }); }
  executeAsync<T>(script: string, args: unknown[] = []) { return this.cmd<T>('POST', '/execute/async', { script, args }); }
  click(el: ElementRef) { return this.cmd<null>('POST', `/element/${el[ELEMENT_KEY]}/click`); }
  clear(el: ElementRef) { return this.cmd<null>('POST', `/element/${el[ELEMENT_KEY]}/clear`); }
  type(el: ElementRef, text: string) { return this.cmd<null>('POST', `/element/${el[ELEMENT_KEY]}/value`, { text }); }
  setWindowSize(width: number, height: number) { return this.cmd<unknown>('POST', '/window/rect', { width, height }); }
  addCookie(name: string, value: string) { return this.cmd<null>('POST', '/cookie', { cookie: { name, value, path: '/', httpOnly: true } }); }
  async screenshot(): Promise<Buffer> { return Buffer.from(await this.cmd<string>('GET', '/screenshot'), 'base64'); }

  /** A key pressed and released on the focused element. */
  press(key: string) {
    const value = KEYS[key] ?? key;
    if ([...value].length !== 1) throw new Error(`no WebDriver key for ${key}`);
    return this.cmd<null>('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value }, { type: 'keyUp', value }] }] });
  }

  end() { return this.cmd<null>('DELETE', ''); }
}

async function call<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json; charset=utf-8' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as { value: T | { error: string; message: string } };
  const v = json.value as { error?: string; message?: string } | null;
  if (!res.ok || (v && typeof v === 'object' && typeof v.error === 'string')) throw new WebDriverError(v?.error ?? `HTTP ${res.status}`, v?.message ?? '');
  return json.value as T;
}
