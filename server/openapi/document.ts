import { z, type ZodType } from 'zod';
import { API_ERROR_CODES } from '#shared/error-codes.ts';
import * as authSchemas from '#shared/schemas/auth.ts';
import * as commonSchemas from '#shared/schemas/common.ts';
import * as integrationSchemas from '#shared/schemas/integrations.ts';
import * as linkSchemas from '#shared/schemas/links.ts';
import * as returnSchemas from '#shared/schemas/returns.ts';
import * as staffSchemas from '#shared/schemas/staff.ts';
import * as withdrawalSchemas from '#shared/schemas/withdrawals.ts';
import { ROUTE_ACCESS, type Caller } from '../http/access.ts';
import { VALIDATES, type Validates } from '../http/validate.ts';
import { SIGNATURE_HEADER } from '../outbound/signature.ts';
import { OPERATIONS, type Operation } from './operations.ts';
import { WEBHOOK_EVENTS } from './webhooks.ts';

/** A route as Hono lists it in `app.routes` (a middleware of a chain is listed under its route too). */
export type RouteEntry = { method: string; path: string; handler: unknown };

type JsonSchema = Record<string, unknown>;
type Doc = Record<string, unknown> & { paths: Record<string, Record<string, JsonSchema>> };

/** Hono's `/a/:id/b` → OpenAPI's `/a/{id}/b` (a `:id{regex}` keeps only its name). */
export const openApiPath = (honoPath: string): string => honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');

/** The schema a validator middleware checks, also through the wrapper `app.route()` puts around a sub-app's handlers. */
function validatesOf(handler: unknown): Validates | undefined {
  const h = handler as Record<string | symbol, unknown> | null;
  if (!h) return undefined;
  return (h[VALIDATES] as Validates | undefined) ?? validatesOf(h['__COMPOSED_HANDLER']);
}

/** Names for the shared schemas, from their exports (`signInSchema` → `SignIn`), so bodies are components. */
function schemaNames(): Map<ZodType, string> {
  const names = new Map<ZodType, string>();
  const taken = new Set<string>();
  const modules = [authSchemas, commonSchemas, integrationSchemas, linkSchemas, returnSchemas, staffSchemas, withdrawalSchemas];
  for (const mod of modules) {
    for (const [name, value] of Object.entries(mod)) {
      if (!(value instanceof z.ZodType) || names.has(value)) continue;
      const base = name.replace(/(Schema|Query|Input|Field|Param)$/, '');
      const wanted = base.charAt(0).toUpperCase() + base.slice(1) + (name.endsWith('Query') ? 'Query' : '');
      let unique = wanted;
      for (let n = 2; taken.has(unique); n++) unique = `${wanted}${n}`;
      taken.add(unique);
      names.set(value, unique);
    }
  }
  return names;
}

/** zod 4's own JSON Schema (draft 2020-12, OpenAPI 3.1's dialect), of what a client sends. */
function jsonSchema(schema: ZodType): JsonSchema {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  delete out.$schema;
  return out;
}

const SECURITY: Record<Caller, Record<string, string[]>[]> = {
  anonymous: [],
  shopper: [{ shopperSession: [] }],
  order_link: [{ shopperSession: [] }, { orderSession: [] }],
  staff: [{ staffSession: [] }],
  admin: [{ staffSession: [] }],
  integration: [{ shopSignature: [] }],
  platform: [{ platformSignature: [] }]
};

const errorRef = { $ref: '#/components/responses/Error' };

/**
 * The OpenAPI 3.1 document of the app's own routes: each `/api` route the app registers (so none is
 * missed), its body or query schema taken from the validator on the route, its words from
 * OPERATIONS, its callers from ROUTE_ACCESS; the error envelope with every code; the webhooks.
 */
export type DocOptions = { serverUrl: string; version: string; cookies: { customer: string; order: string; staff: string } };

export function buildOpenApi(routes: readonly RouteEntry[], opts: DocOptions): Doc {
  const names = schemaNames();
  const schemas: Record<string, JsonSchema> = {};
  const refTo = (schema: ZodType): JsonSchema => {
    const name = names.get(schema);
    if (!name) return jsonSchema(schema);
    schemas[name] ??= jsonSchema(schema);
    return { $ref: `#/components/schemas/${name}` };
  };

  const byRoute = new Map<string, { method: string; path: string; validates: Validates[] }>();
  for (const r of routes) {
    if (r.method === 'ALL' || !r.path.startsWith('/api/')) continue;
    const key = `${r.method} ${r.path}`;
    const entry = byRoute.get(key) ?? { method: r.method, path: r.path, validates: [] };
    const v = validatesOf(r.handler);
    if (v) entry.validates.push(v);
    byRoute.set(key, entry);
  }

  const paths: Doc['paths'] = {};
  for (const [honoKey, route] of byRoute) {
    const { oaPath, operation } = operationOf(honoKey, route, refTo);
    paths[oaPath] ??= {};
    paths[oaPath][route.method.toLowerCase()] = operation;
  }

  return {
    openapi: '3.1.1',
    info: {
      title: 'Reprise API',
      version: opts.version,
      summary: 'The HTTP API of Reprise, a self-hosted returns portal.',
      description:
        'All bodies are JSON. Every non-GET call must be same-origin except the shop’s signed calls under `/api/integrations/`. ' +
        'Every answer carries `X-Request-Id`; a 5xx error carries it as `error.requestId`. Money is integer minor units. See docs/api.md for what a spec cannot say.',
      license: { name: 'MIT', identifier: 'MIT' }
    },
    servers: [{ url: opts.serverUrl }],
    tags: [...new Set(Object.values(paths).flatMap((ops) => Object.values(ops).map((o) => (o.tags as string[])[0]!)))].map((name) => ({
      name,
      description: TAGS[name]
    })),
    paths,
    webhooks: webhooksSection(),
    components: componentsOf(schemas, opts)
  };
}

type RouteOf = { method: string; path: string; validates: Validates[] };

/** A body no schema of ours validates: a platform's own payload (read as raw bytes, its signature covers them), or an image's own bytes. */
function rawBodyOf(words: Operation | undefined): JsonSchema | undefined {
  if (words?.platformBody) {
    return { required: true, content: { 'application/json': { schema: { type: 'object', description: words.platformBody } } } };
  }
  if (words?.imageBody) {
    // A photo's upload: its kind is told from its bytes, whatever the Content-Type says.
    return {
      required: true,
      content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary', description: words.imageBody } } }
    };
  }
  return undefined;
}

/** One route's operation: its parameters, body, words, callers and answers. */
function operationOf(honoKey: string, { method, path, validates }: RouteOf, refTo: (schema: ZodType) => JsonSchema) {
  const oaPath = openApiPath(path);
  const words = OPERATIONS[`${method} ${oaPath}`];
  const access = ROUTE_ACCESS[honoKey] ?? 'anonymous';
  const parameters: JsonSchema[] = [...oaPath.matchAll(/\{([^}]+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    // An `:id` is read by idParam (server/http/request.ts): a positive 32-bit integer, else 404.
    schema: m[1] === 'id' ? { type: 'integer', minimum: 1, maximum: 2_147_483_647 } : { type: 'string' }
  }));
  let requestBody: JsonSchema | undefined;
  for (const v of validates) {
    if (v.target === 'json') {
      requestBody = { required: true, content: { 'application/json': { schema: refTo(v.schema) } } };
    } else {
      const query = jsonSchema(v.schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema });
      }
    }
  }
  requestBody = rawBodyOf(words) ?? requestBody;
  for (const header of words?.headers ?? []) {
    parameters.push({
      name: header,
      in: 'header',
      required: header === SIGNATURE_HEADER,
      schema: { type: 'string' },
      description:
        header === SIGNATURE_HEADER
          ? '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with SHOP_SECRET>`; several `v1=` may be given.'
          : '8–100 of `A-Z a-z 0-9 _ - : .`; the same key with the same body answers the first result again.'
    });
  }
  const ok = words?.ok ?? 200;
  const codes = words?.errors ?? [];
  const responses: Record<string, JsonSchema> = {
    [ok]: {
      description: words?.returns ?? 'Success.',
      content: words?.media
        ? { [words.media]: { schema: { type: 'string', format: 'binary' } } }
        : { 'application/json': { schema: { type: 'object', description: words?.returns ?? 'Success.' } } }
    },
    '4XX': {
      ...errorRef,
      description: codes.length
        ? `The error envelope; besides the common codes, this route answers: ${codes.map((c) => `\`${c}\``).join(', ')}.`
        : 'The error envelope with a common code.'
    },
    '5XX': { $ref: '#/components/responses/ServerError' }
  };
  if (validates.length || parameters.some((p) => p.in === 'path')) responses['400'] = { $ref: '#/components/responses/InvalidRequest' };
  if (access !== 'anonymous') responses['401'] = { $ref: '#/components/responses/Unauthenticated' };
  if (access === 'admin' || access === 'staff' || access === 'shopper') responses['403'] = { $ref: '#/components/responses/Forbidden' };

  const operation: JsonSchema = {
    operationId: `${method.toLowerCase()}${oaPath.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string = '') => ch.toUpperCase())}`,
    summary: words?.summary,
    description: words?.description,
    tags: [tagOf(path)],
    security: SECURITY[access],
    'x-access': access,
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses
  };
  return { oaPath, operation };
}

/** The six events Reprise sends to the shop (the spec's `webhooks`). */
function webhooksSection(): Record<string, JsonSchema> {
  const webhooks: Record<string, JsonSchema> = {};
  for (const [type, event] of Object.entries(WEBHOOK_EVENTS)) {
    webhooks[type] = {
      post: {
        operationId: `webhook_${type.replace('.', '_')}`,
        security: [{ webhookSignature: [] }],
        summary: event.summary,
        description: `${event.description} Sent to \`WEBHOOK_URL\`, signed, at least once: answer 2xx within 10 s; anything else is retried (30 s doubling to 1 h, given up after 80 attempts).`,
        parameters: [
          {
            name: SIGNATURE_HEADER,
            in: 'header',
            required: true,
            schema: { type: 'string' },
            description:
              '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "webhook.<t>.<raw body>" with SHOP_SECRET>`: check it before trusting the event.'
          },
          {
            name: 'Reprise-Event-Id',
            in: 'header',
            required: true,
            schema: { type: 'string' },
            description: 'The event’s `id`: drop an event already processed.'
          }
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['id', 'type', 'createdAt', 'data'],
                properties: {
                  id: { type: 'string', pattern: '^evt_' },
                  type: { const: type },
                  createdAt: { type: 'string', format: 'date-time' },
                  data: jsonSchema(event.data)
                }
              }
            }
          }
        },
        responses: { '2XX': { description: 'Delivered.' }, default: { description: 'Not delivered: sent again later.' } }
      }
    };
  }

  return webhooks;
}

/** Every error code with what it means. */
const errorCodeSchema = {
  oneOf: Object.entries(API_ERROR_CODES).map(([c, description]) => ({ const: c, description }))
};
const envelope = (extra: Record<string, JsonSchema>, required: string[]): JsonSchema => ({
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', ...required],
      properties: { code: { $ref: '#/components/schemas/ErrorCode' }, message: { type: 'string' }, ...extra }
    }
  }
});
const jsonOf = (ref: string) => ({ 'application/json': { schema: { $ref: ref } } });

/** The error envelope with its codes, the common answers, and the ways to sign in. */
function componentsOf(schemas: Record<string, JsonSchema>, opts: DocOptions): JsonSchema {
  return {
    schemas: {
      ...schemas,
      ErrorCode: { type: 'string', description: 'A stable code (shared/error-codes.ts); the SPA has words for each.', ...errorCodeSchema },
      Error: envelope(
        {
          fields: {
            type: 'object',
            additionalProperties: { type: 'string' },
            description: '`{ "<dotted.path>": "<code>" }`: each field and why.'
          }
        },
        []
      ),
      ServerError: envelope({ requestId: { type: 'string', description: 'The id of the server’s log line for this failure.' } }, [
        'requestId'
      ])
    },
    responses: {
      Error: { description: 'The error envelope.', content: jsonOf('#/components/schemas/Error') },
      InvalidRequest: {
        description:
          '`invalid_request`: a body, query or path that breaks its schema; `fields` names each field (`required`, `unknown_field`, `invalid_characters`…).',
        content: jsonOf('#/components/schemas/Error')
      },
      Unauthenticated: { description: '`unauthenticated`: signing in is needed.', content: jsonOf('#/components/schemas/Error') },
      Forbidden: { description: '`forbidden`: signed in, but not allowed.', content: jsonOf('#/components/schemas/Error') },
      ServerError: {
        description: '`internal_error` (500) or `database_unavailable` (503, with `Retry-After`).',
        content: jsonOf('#/components/schemas/ServerError')
      }
    },
    securitySchemes: securitySchemesOf(opts)
  };
}

/** The ways to call: the sessions' cookies, the shop's and platforms' signatures, and the webhooks' own. */
function securitySchemesOf(opts: DocOptions): Record<string, JsonSchema> {
  return {
    shopperSession: { type: 'apiKey', in: 'cookie', name: opts.cookies.customer, description: 'A shopper signed in.' },
    orderSession: {
      type: 'apiKey',
      in: 'cookie',
      name: opts.cookies.order,
      description: 'An order-scoped session from a signed portal link or a lookup link.'
    },
    staffSession: {
      type: 'apiKey',
      in: 'cookie',
      name: opts.cookies.staff,
      description: 'A staff member signed in (`x-access: admin` routes: admins only).'
    },
    shopSignature: {
      type: 'apiKey',
      in: 'header',
      name: SIGNATURE_HEADER,
      description: 'HMAC-SHA256 of `"<t>.<raw body>"` with `SHOP_SECRET`, as `t=<unix seconds>,v1=<hex>`.'
    },
    webhookSignature: {
      type: 'apiKey',
      in: 'header',
      name: SIGNATURE_HEADER,
      description:
        'On the webhooks Reprise sends: HMAC-SHA256 of `"webhook.<t>.<raw body>"` with `SHOP_SECRET`, as `t=<unix seconds>,v1=<hex>`.'
    },
    platformSignature: {
      type: 'apiKey',
      in: 'header',
      name: 'X-Shopify-Hmac-Sha256',
      description:
        'The platform’s own signature of the raw body with its secret: `X-Shopify-Hmac-Sha256` or `X-WC-Webhook-Signature` (base64 ' +
        'HMAC-SHA256), `shopware-shop-signature` (hex HMAC-SHA256); Lightspeed: the secret token in the URL (`?token=`).'
    }
  };
}

/** Each group of routes in words (a route under a new first segment needs its line here: the linter asks for it). */
const TAGS: Record<string, string> = {
  'shopper account': 'A shopper’s sign-up, sign-in (password, emailed link, order lookup), account and the shop’s public settings.',
  orders: 'The signed-in shopper’s orders and what each line may still return.',
  returns: 'A shopper’s returns: the options, creating one with photos, its slip, cancelling it.',
  claims: 'A shopper’s report of a problem with a delivered order (an item missing, arrived damaged or the wrong one), and its options.',
  withdrawals: 'The statutory withdrawal form (EU right of withdrawal) and its acknowledgement.',
  staff: 'The staff console: the queue, receiving and crediting returns, orders, withdrawals, insights, emails and webhooks.',
  admin: 'What admins alone change: the shop’s settings, reasons, actions, email texts and staff accounts.',
  integrations: 'Orders pushed by the shop (signed with `SHOP_SECRET`) or by a platform’s own webhooks.',
  reference: 'This document and its rendered page.'
};

function tagOf(path: string): string {
  const [, , first, second] = path.split('/');
  if (first === 'staff') return second === 'settings' || second === 'accounts' ? 'admin' : 'staff';
  if (first === 'auth' || first === 'shop') return 'shopper account';
  if (first === 'openapi.json' || first === 'docs') return 'reference';
  return first ?? 'api';
}
