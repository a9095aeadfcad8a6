import { hc } from 'hono/client';
import type { ApiType } from '../../server/app.ts';

/** The typed client for our own BFF (same origin, cookies sent by the browser). */
export const api = hc<ApiType>('/api', { init: { credentials: 'same-origin' } });

export type ApiErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

export class ApiFailure extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;
  constructor(status: number, body: Partial<ApiErrorBody> | undefined) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code ?? (status >= 500 ? 'server_error' : 'unknown');
    this.fields = body?.error?.fields ?? {};
  }
}

/** Reads a typed response: the JSON on success, an ApiFailure otherwise. Network errors become `network_error`. */
export async function read<T>(call: Promise<{ ok: boolean; status: number; json(): Promise<T> }>): Promise<T> {
  let res;
  try {
    res = await call;
  } catch {
    throw new ApiFailure(0, { error: { code: 'network_error', message: 'Network error' } });
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as Partial<ApiErrorBody> | undefined;
    throw new ApiFailure(res.status, body);
  }
  return res.json();
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A plain `fetch` to our own API (for routes the typed client does not know yet): the JSON on
 * success, an ApiFailure otherwise. `path` is relative to the site, e.g. `/api/returns`.
 * Network errors become `network_error`.
 */
export async function call<T>(method: HttpMethod, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json', ...headers } };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiFailure(0, { error: { code: 'network_error', message: 'Network error' } });
  }
  if (!res.ok) {
    const failure = (await res.json().catch(() => undefined)) as Partial<ApiErrorBody> | undefined;
    throw new ApiFailure(res.status, failure);
  }
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiFailure(res.status, { error: { code: 'invalid_response', message: 'The server sent an unreadable answer' } });
  }
}
