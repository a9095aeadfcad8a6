import { hc } from 'hono/client';
import type { ApiType } from '../../server/app.ts';

/** The typed client for our own BFF (same origin, cookies sent by the browser). */
export const api = hc<ApiType>('/api', { init: { credentials: 'same-origin' } });

type ApiErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

export class ApiFailure extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;
  /** Seconds to wait before trying again, from the `Retry-After` header (e.g. on a 429), when the server sent one. */
  readonly retryAfter?: number;
  constructor(status: number, body: Partial<ApiErrorBody> | undefined, retryAfter?: number) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code ?? (status >= 500 ? 'server_error' : 'unknown');
    this.fields = body?.error?.fields ?? {};
    if (retryAfter !== undefined) this.retryAfter = retryAfter;
  }
}

/**
 * `Retry-After` in seconds: either a number of seconds or an HTTP date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable.
 */
function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

type ResponseLike = { ok: boolean; status: number; json(): Promise<unknown>; headers?: { get(name: string): string | null } };

/** The ApiFailure for a non-2xx answer: its JSON error body (if any) and its `Retry-After`. */
async function failureOf(res: ResponseLike): Promise<ApiFailure> {
  const body = (await res.json().catch(() => undefined)) as Partial<ApiErrorBody> | undefined;
  return new ApiFailure(res.status, body, parseRetryAfter(res.headers?.get('retry-after')));
}

/** Reads a typed response: the JSON on success, an ApiFailure otherwise. Network errors become `network_error`. */
export async function read<T>(
  call: Promise<{ ok: boolean; status: number; json(): Promise<T>; headers?: { get(name: string): string | null } }>
): Promise<T> {
  let res;
  try {
    res = await call;
  } catch {
    throw new ApiFailure(0, { error: { code: 'network_error', message: 'Network error' } });
  }
  if (!res.ok) throw await failureOf(res);
  return res.json();
}

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A plain `fetch` to our own API, typed with an answer from api-types.ts: the JSON on
 * success, an ApiFailure otherwise. `path` is relative to the site, e.g. `/api/returns`.
 * Network errors become `network_error`. A `load` passes its own `fetch`.
 */
export async function call<T>(
  method: HttpMethod,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  fetchFn: typeof fetch = fetch
): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json', ...headers } };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetchFn(path, init);
  } catch {
    throw new ApiFailure(0, { error: { code: 'network_error', message: 'Network error' } });
  }
  if (!res.ok) throw await failureOf(res);
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiFailure(res.status, { error: { code: 'invalid_response', message: 'The server sent an unreadable answer' } });
  }
}
