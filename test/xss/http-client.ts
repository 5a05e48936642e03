// A small HTTP client for the XSS corpus test: it talks to the real server over the network like a browser does
// (cookies kept, each form's CSRF token read from the page that shows the form, redirects not followed), and to the
// API with a bearer token.

export class FormClient {
  private readonly cookies = new Map<string, string>();
  private csrf: string | undefined;

  constructor(private readonly baseUrl: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(this.baseUrl + path, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      if (value === '' || attributes.some((a) => /max-age=0\b/i.test(a.trim()))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Loads a page and keeps the CSRF token its forms carry. */
  async get(path: string): Promise<{ status: number; html: string }> {
    const response = await this.request(path);
    const html = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return { status: response.status, html };
  }

  /** Opens `formPage` (as a reader would, picking up its CSRF token), then submits `fields` to `action`. */
  async submit(formPage: string, action: string, fields: Record<string, string | string[]>): Promise<Response> {
    await this.get(formPage);
    return this.post(action, fields);
  }

  /** Posts a form with the CSRF token of the last page loaded. */
  async post(action: string, fields: Record<string, string | string[]>): Promise<Response> {
    if (!this.csrf) await this.get('/login');
    const body = new URLSearchParams();
    body.append('_csrf', this.csrf!);
    for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    const response = await this.request(action, { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await response.arrayBuffer();
    return response;
  }

  /** The cookies this client holds, for handing a signed-in session to Chromium. */
  cookieList(): { name: string; value: string }[] {
    return [...this.cookies].map(([name, value]) => ({ name, value }));
  }
}

/** One API call with a bearer token; resolves to the status and parsed JSON body (or undefined). */
export async function apiCall(baseUrl: string, token: string | undefined, method: string, path: string, json?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(baseUrl + '/api/v1' + path, { method, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
  const text = await response.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: response.status, body };
}
