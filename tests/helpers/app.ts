import { hc } from 'hono/client';
import { createApp, type ApiType } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { Database } from '../../server/db/client.ts';
import { openTestDb } from './db.ts';
import { silentLogger, type Logger } from '../../server/http/log.ts';
import { testPasswords } from './passwords.ts';
import type { Passwords } from '../../server/auth/passwords.ts';

export const ORIGIN = 'http://reprise.test';

export type Reply<T = any> = { status: number; body: T; headers: Headers };

/** A browser-like caller: keeps cookies and sends same-origin headers, like the SPA does. */
export class Agent {
  readonly cookies = new Map<string, string>();
  private readonly app: ReturnType<typeof createApp>;
  /**
   * The typed client (hono's `hc`, as the SPA's `src/lib/api.ts`, here calling the app in-process like
   * `testClient`): paths, params and bodies are checked by the compiler, answers are typed.
   * It shares this agent's cookies, e.g. `await staff.api.staff.returns[':number'].$get({ param: { number } })`.
   */
  readonly api: ReturnType<typeof hc<ApiType>>;
  constructor(app: ReturnType<typeof createApp>) {
    this.app = app;
    this.api = hc<ApiType>(`${ORIGIN}/api`, { fetch: (input: RequestInfo | URL, init?: RequestInit) => this.fetch(input, init) });
  }

  /** One request through the app with this agent's cookies and same-origin headers (those given win); keeps the cookies it sets. */
  async fetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    const url = input instanceof Request ? input.url : String(input);
    const h = new Headers(input instanceof Request ? input.headers : undefined);
    new Headers(init.headers).forEach((value, name) => h.set(name, value));
    if (!h.has('sec-fetch-site')) h.set('sec-fetch-site', 'same-origin');
    if (!h.has('origin')) h.set('origin', ORIGIN);
    if (this.cookies.size) h.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await this.app.request(url, {
      method: init.method ?? (input instanceof Request ? input.method : 'GET'),
      headers: h,
      body: init.body
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
      if (value === '' || attrs.some((a) => /max-age=0\b/i.test(a.trim()))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined && !Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
    const res = await this.fetch(`${ORIGIN}${path}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  get = <T = any>(path: string, headers?: Record<string, string>) => this.request<T>('GET', path, undefined, headers);
  post = <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => this.request<T>('POST', path, body, headers);
  patch = <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => this.request<T>('PATCH', path, body, headers);
  put = <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => this.request<T>('PUT', path, body, headers);
  delete = <T = any>(path: string, headers?: Record<string, string>) => this.request<T>('DELETE', path, undefined, headers);
}

export type TestContext = Awaited<ReturnType<typeof setupApp>>;

/** One app on its own fresh database, with a clock the test can move. */
export async function setupApp(env: Record<string, string> = {}, opts: { logger?: Logger; passwords?: Passwords } = {}) {
  const database: Database = await openTestDb();
  const clock = { now: new Date('2026-06-15T12:00:00Z') };
  const config = loadConfig({ PUBLIC_URL: ORIGIN, ...env });
  const app = createApp(
    { db: database.db, config, now: () => clock.now, passwords: opts.passwords ?? testPasswords },
    { logger: opts.logger ?? silentLogger() }
  );
  return {
    app,
    db: database.db,
    config,
    clock,
    agent: () => new Agent(app),
    /** Moves the clock forward. */
    advance: (ms: number) => {
      clock.now = new Date(clock.now.getTime() + ms);
    },
    close: () => database.close()
  };
}
