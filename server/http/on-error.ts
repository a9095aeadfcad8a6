import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import { isConcurrencyConflict, isDatabaseUnavailable } from '../db/client.ts';
import type { AppEnv } from '../deps.ts';
import { ApiError, errorBody, serverErrorBody } from './errors.ts';
import type { Logger } from './log.ts';

/**
 * Every error a route throws, as the one error envelope: an ApiError as it says, Hono's own 4xx as
 * `invalid_request`, a deadlock as `concurrent_update` (409: nothing was written), a database that
 * does not answer as 503, anything else as 500 with the request id (and a log line), never a stack.
 */
export function errorHandler(logger: Logger, metrics?: { databaseErrors: { inc(): void } }): ErrorHandler<AppEnv> {
  return (err, c) => {
    if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
      return c.json(errorBody(err.code, err.message, err.fields), err.status as 400);
    }
    if (err instanceof HTTPException && err.status < 500) {
      // Hono's own 4xx (e.g. a body that is not valid JSON).
      return c.json(errorBody('invalid_request', 'The request body is not valid JSON.'), err.status);
    }
    if (isConcurrencyConflict(err)) {
      // A deadlock or serialization failure between two writers: nothing was written, try again.
      return c.json(errorBody('concurrent_update', 'Someone else was changing the same data. Please try again.'), 409);
    }
    // A 5xx body carries the request id, so a shopper's report finds its log line.
    const requestId = c.get('requestId');
    const where = { requestId, method: c.req.method, route: routePath(c) };
    if (isDatabaseUnavailable(err)) {
      logger.warn({ ...where, err: (err as Error).message }, 'database unavailable');
      metrics?.databaseErrors.inc();
      c.header('Retry-After', '5');
      return c.json(serverErrorBody('database_unavailable', 'The service is briefly unavailable. Try again.', requestId), 503);
    }
    logger.error({ ...where, err: (err as Error).stack ?? String(err) }, 'internal error');
    return c.json(serverErrorBody('internal_error', 'Something went wrong on our side.', requestId), 500);
  };
}
