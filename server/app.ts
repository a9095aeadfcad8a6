import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { customerAuthRoutes, staffAuthRoutes } from './auth/routes.ts';
import { createMetrics, recordRequests, type Metrics } from './health/metrics.ts';
import { healthRoutes } from './health/routes.ts';
import { productionPasswords } from './auth/passwords.ts';
import type { AppDeps, AppEnv, Deps } from './deps.ts';
import { ApiError, errorBody } from './http/errors.ts';
import { errorHandler } from './http/on-error.ts';
import { jsonOnly, sameOriginGuard } from './http/guards.ts';
import { createLogger, requestLog, type Logger } from './http/log.ts';
import { noNulInUrl } from './http/validate.ts';
import { loadSpa, mountSpa } from './http/spa.ts';
import { integrationRoutes } from './integrations/routes.ts';
import { connectorRoutes, isConnectorPath } from './connectors/routes.ts';
import { openApiRoutes } from './openapi/routes.ts';
import { orderRoutes } from './orders/routes.ts';
import { returnRoutes } from './returns/routes.ts';
import { claimRoutes } from './returns/claim-routes.ts';
import { shopperSlipRoutes } from './slips/routes.ts';
import { PHOTO_UPLOAD_PATH, shopperPhotoRoutes, staffPhotoRoutes } from './returns/photos/routes.ts';
import { publicSettingsRoutes } from './settings/routes.ts';
import { staffRoutes } from './staff/routes.ts';
import { withdrawalRoutes } from './withdrawals/routes.ts';

/** The /api routes, chained so the SPA's typed client (hc<ApiType>) sees every route. */
function apiRoutes() {
  return new Hono<AppEnv>()
    .route('/auth', customerAuthRoutes)
    .route('/staff/auth', staffAuthRoutes)
    .route('/staff', staffRoutes)
    .route('/staff/returns', staffPhotoRoutes)
    .route('/orders', orderRoutes)
    .route('/returns', returnRoutes)
    .route('/claims', claimRoutes)
    .route('/returns', shopperSlipRoutes)
    .route('/returns', shopperPhotoRoutes)
    .route('/shop', publicSettingsRoutes)
    .route('/withdrawals', withdrawalRoutes);
}
export type ApiType = ReturnType<typeof apiRoutes>;

export type AppOptions = { buildDir?: string; logger?: Logger; metrics?: Metrics };

/** Only the app's own origin (and the SPA's inline boot script, by hash); no frames, no plugins. */
const securityHeaders = (scriptHashes: string[]) =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", ...scriptHashes],
      styleSrc: ["'self'", "'unsafe-inline'"],
      // blob: the return form's preview of a photo being sent (an object URL of the shopper's own file).
      imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"]
    },
    referrerPolicy: 'same-origin',
    crossOriginEmbedderPolicy: false
  });

/** Builds the whole app from its dependencies; no globals, so each test builds its own. */
export function createApp(given: AppDeps, opts: AppOptions = {}) {
  const deps: Deps = { ...given, passwords: given.passwords ?? productionPasswords };
  const logger = opts.logger ?? createLogger({ level: deps.config.logLevel });
  // Counted only when someone may read them (METRICS_TOKEN): otherwise the hot path does no extra work.
  const metrics = deps.config.metricsToken ? (opts.metrics ?? createMetrics(deps.db)) : undefined;
  const spa = opts.buildDir ? loadSpa(opts.buildDir) : null;
  const app = new Hono<AppEnv>();

  // A signed portal link's page (/o/…) carries the link in its address until the SPA removes it:
  // no Referer at all leaves that page. Registered first, so it runs after secureHeaders' default.
  app.use('/o/*', async (c, next) => {
    await next();
    c.res.headers.set('Referrer-Policy', 'no-referrer');
  });
  app.use(securityHeaders(spa?.scriptHashes ?? []));
  app.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use(requestLog({ logger, logRequests: deps.config.logRequests, trustProxy: deps.config.trustProxy }));
  if (metrics) app.use(recordRequests(metrics));

  app.use('/api/*', noNulInUrl);
  // The shop's server-to-server calls under /api/integrations/ have no Origin; each carries an HMAC signature instead.
  const sameOrigin = sameOriginGuard(deps.config.publicUrl.origin);
  app.use('/api/*', (c, next) => (c.req.path.startsWith('/api/integrations/') ? next() : sameOrigin(c, next)));
  // A platform's webhook may be form-encoded (WooCommerce's creation ping): connectors read their raw bytes themselves.
  // A photo's upload is the image's own bytes, under its own limit (server/returns/photos/routes.ts).
  const json = jsonOnly();
  const isPhotoUpload = (path: string) => path === PHOTO_UPLOAD_PATH;
  app.use('/api/*', (c, next) => (isConnectorPath(c.req.path) || isPhotoUpload(c.req.path) ? next() : json(c, next)));
  const jsonLimit = bodyLimit({
    maxSize: deps.config.bodyLimitBytes,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', 'The request body is too large.');
    }
  });
  app.use('/api/*', (c, next) => (isPhotoUpload(c.req.path) ? next() : jsonLimit(c, next)));
  // Set on the response's headers, not with c.header(): after the handler that would rebuild the
  // response around its body stream and lose @hono/node-server's direct write (a third of the req/s).
  // A route that answers a private file (a return slip) says so itself: `private, …` is kept.
  app.use('/api/*', async (c, next) => {
    await next();
    // A route that says its own private caching (a photo, a slip) keeps it; every other answer is never stored.
    if (!c.res.headers.get('Cache-Control')?.startsWith('private')) c.res.headers.set('Cache-Control', 'no-store');
  });

  app.route('/', healthRoutes(metrics));
  // Before integrationRoutes, whose SHOP_SECRET check would otherwise run for every path under it.
  app.route('/api/integrations', connectorRoutes);
  app.route('/api/integrations', integrationRoutes);
  app.route('/api', apiRoutes());
  // The API's own description, from the routes registered above (read on first request).
  app.route(
    '/api',
    openApiRoutes(() => app.routes)
  );
  app.all('/api/*', (c) => c.json(errorBody('not_found', 'No such API endpoint.'), 404));

  if (spa && opts.buildDir) mountSpa(app, opts.buildDir);

  app.onError(errorHandler(logger, metrics));
  app.notFound((c) => c.json(errorBody('not_found', 'Not found.'), 404));
  return app;
}
