import { hc, type ClientResponse } from 'hono/client';
import type { ApiType } from '../../server/app.ts';

/** The typed client for our own BFF (same origin, cookies sent by the browser). */
export const api = hc<ApiType>('/api', { init: { credentials: 'same-origin' } });

/**
 * A value for a path parameter (`param: { number: pathPart(n) }`): the typed client puts it in the path
 * as it is, so an order number with a `/`, `?` or `#` must be encoded first.
 */
export const pathPart = (value: string | number): string => encodeURIComponent(String(value));

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

/** The JSON a typed call answers with (its JSON answers only: a middleware's untyped answer does not blur it). */
type JsonOf<R> =
  R extends ClientResponse<infer O, infer _S, infer F>
    ? F extends 'json'
      ? O
      : never
    : Awaited<ReturnType<R extends ResponseLike ? R['json'] : never>>;

type ResponseLike = { ok: boolean; status: number; json(): Promise<unknown>; headers?: { get(name: string): string | null } };

/** The ApiFailure for a non-2xx answer: its JSON error body (if any) and its `Retry-After`. */
async function failureOf(res: ResponseLike): Promise<ApiFailure> {
  const body = (await res.json().catch(() => undefined)) as Partial<ApiErrorBody> | undefined;
  return new ApiFailure(res.status, body, parseRetryAfter(res.headers?.get('retry-after')));
}

/**
 * The one way to call the API: `read(api.returns.$post({ json }, { headers, fetch }))`. The typed client
 * checks the path, the body and the query against the server's routes; this turns its answer into the
 * JSON on success, an ApiFailure otherwise. Network errors become `network_error`, an unreadable answer
 * `invalid_response`. A `load` passes its own `fetch` in the call's options.
 */
export async function read<R extends ResponseLike>(call: Promise<R>): Promise<JsonOf<R>> {
  let res;
  try {
    res = await call;
  } catch {
    throw new ApiFailure(0, { error: { code: 'network_error', message: 'Network error' } });
  }
  if (!res.ok) throw await failureOf(res);
  try {
    return (await res.json()) as JsonOf<R>;
  } catch {
    throw new ApiFailure(res.status, { error: { code: 'invalid_response', message: 'The server sent an unreadable answer' } });
  }
}
