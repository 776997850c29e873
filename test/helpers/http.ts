/** A tiny HTTP client for tests that keeps the session cookie like a browser would. */
let nextAddress = 1;

/**
 * Each client comes from its own address (X-Forwarded-For, honoured because test servers
 * trust the proxy header), so per-address throttling in one test does not leak into others.
 */
export class TestClient {
  cookie: string | null = null;
  readonly headers: Record<string, string>;
  constructor(readonly baseUrl: string, headers: Record<string, string> = {}) {
    const n = nextAddress++;
    this.headers = { 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, ...headers };
  }

  async request(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}) {
    const headers: Record<string, string> = { ...this.headers, ...extraHeaders };
    if (this.cookie) headers.cookie = this.cookie;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['content-type'] ??= typeof body === 'string' ? 'text/plain' : 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body: payload, redirect: 'manual' });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = /hdnd_session=([^;]*)/.exec(setCookie);
      if (m) this.cookie = m[1] ? `hdnd_session=${m[1]}` : null;
    }
    const text = await res.text();
    let json: any = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    return { status: res.status, headers: res.headers, json, text };
  }

  get(path: string) { return this.request('GET', path); }
  post(path: string, body?: unknown, headers?: Record<string, string>) { return this.request('POST', path, body ?? {}, headers); }
  patch(path: string, body?: unknown) { return this.request('PATCH', path, body ?? {}); }
  put(path: string, body?: unknown) { return this.request('PUT', path, body ?? {}); }
  delete(path: string) { return this.request('DELETE', path); }

  async signIn(login: string, password: string) {
    const res = await this.post('/api/auth/sign-in', { login, password });
    if (res.status !== 200) throw new Error(`sign-in as ${login} failed: ${res.status} ${res.text}`);
    return res.json.data;
  }
}
