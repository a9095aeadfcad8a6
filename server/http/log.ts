import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';

export type { Logger };

/**
 * One JSON line per event on stdout (or `destination`): level, time, msg and fields. Nothing here
 * ever receives a request body, a query string or a header value other than the request id.
 */
export function createLogger(opts: { level?: Level | 'silent'; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) }
    },
    // Synchronous stdout by default: a line written just before the process exits is not lost.
    opts.destination ?? pino.destination({ dest: 1, sync: true })
  );
}

/** A logger that writes nothing (tests, commands). */
export const silentLogger = (): Logger => pino({ level: 'silent' });

/** An incoming request id is kept only from a trusted proxy, and only when it looks like one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Probes are logged at debug only: a balancer calls them every few seconds. */
const PROBES = new Set(['/healthz', '/readyz']);

/**
 * Gives every request an id (`X-Request-Id` on the answer; the 5xx error body carries it too) and,
 * with `LOG_REQUESTS`, logs one line per request: method, route pattern (never the URL itself, whose
 * query may hold a signed link's `sig` or a one-time token), status and duration.
 */
export function requestLog(opts: { logger: Logger; logRequests: boolean; trustProxy: boolean }): MiddlewareHandler<{
  Variables: { requestId: string };
}> {
  const { logger, logRequests, trustProxy } = opts;
  return async (c, next) => {
    const incoming = trustProxy ? c.req.header('x-request-id') : undefined;
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    const started = performance.now();
    await next();
    c.res.headers.set('X-Request-Id', requestId);
    if (!logRequests) return;
    const line = {
      requestId,
      method: c.req.method,
      // After next(), the index is the handler's that answered: its pattern, e.g. /api/returns/:number.
      route: routePath(c),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10
    };
    if (PROBES.has(c.req.path)) logger.debug(line, 'request');
    else logger.info(line, 'request');
  };
}
