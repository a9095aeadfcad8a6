import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { Db } from '../../server/db/client.ts';
import { silentLogger } from '../../server/http/log.ts';
import { OPERATIONS } from '../../server/openapi/operations.ts';
import { WEBHOOK_TYPES } from '../../server/outbound/webhooks.ts';
import { API_ERROR_CODES } from '../../shared/error-codes.ts';
import { ORIGIN } from '../helpers/app.ts';

type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// Listing and describing the routes needs no database: createApp only registers them.
const app = createApp(
  { db: undefined as unknown as Db, config: loadConfig({ PUBLIC_URL: ORIGIN }), now: () => new Date() },
  { logger: silentLogger() }
);

/** Every /api route with a handler, as the app itself lists them (as tests/api/route-access.test.ts does). */
const ROUTES = [...new Set(app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path}`))];
const toOpenApi = (path: string) => path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');

async function fetchDoc(): Promise<Json> {
  const res = await app.request(`${ORIGIN}/api/openapi.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return (await res.json()) as Json;
}

/** Every `$ref` anywhere in the document, with where it was found. */
function refs(node: unknown, at = '#'): { ref: string; at: string }[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => refs(v, `${at}/${i}`));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [{ ref: v, at }] : refs(v, `${at}/${k}`)));
}

/** Follows a local JSON pointer (`#/components/schemas/X`) in the document. */
function resolve(doc: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined), doc);
}

describe('GET /api/openapi.json', () => {
  it('describes every route the app exposes, each with a summary and a description', async () => {
    const doc = await fetchDoc();
    expect(ROUTES.length).toBeGreaterThan(60);
    const missing: string[] = [];
    const undescribed: string[] = [];
    for (const route of ROUTES) {
      const [method, path] = route.split(' ') as [string, string];
      const op = doc.paths[toOpenApi(path)]?.[method.toLowerCase()];
      if (!op) missing.push(route);
      else if (!op.description?.trim() || !op.summary?.trim()) undescribed.push(route);
    }
    expect(missing).toEqual([]);
    expect(undescribed).toEqual([]);
    // No words left behind for a route the app no longer has.
    const routes = new Set(ROUTES.map((r) => `${r.split(' ')[0]} ${toOpenApi(r.split(' ')[1]!)}`));
    expect(Object.keys(OPERATIONS).filter((key) => !routes.has(key))).toEqual([]);
    // And nothing in the document that the app does not answer.
    const documented = Object.entries(doc.paths as Json).flatMap(([path, ops]) =>
      Object.keys(ops as Json)
        .filter((m) => METHODS.includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`)
    );
    expect(documented.sort()).toEqual(ROUTES.map((r) => `${r.split(' ')[0]} ${toOpenApi(r.split(' ')[1]!)}`).sort());
  });

  it('is structurally valid OpenAPI 3.1: every $ref resolves, every path parameter is declared, ids are unique', async () => {
    const doc = await fetchDoc();
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();

    const unresolved = refs(doc).filter(({ ref }) => resolve(doc, ref) === undefined);
    expect(unresolved).toEqual([]);

    const ids = new Set<string>();
    const problems: string[] = [];
    const operations = [
      ...Object.entries(doc.paths as Json).map(([path, ops]) => ({ path, ops: ops as Json })),
      ...Object.entries(doc.webhooks as Json).map(([path, ops]) => ({ path: `webhook ${path}`, ops: ops as Json }))
    ];
    for (const { path, ops } of operations) {
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(ops).filter(([m]) => METHODS.includes(m)) as [string, Json][]) {
        const where = `${method} ${path}`;
        const params = ((op.parameters ?? []) as Json[]).map((p) => (p.$ref ? resolve(doc, p.$ref) : p) as Json);
        const declared = params.filter((p) => p.in === 'path').map((p) => p.name);
        for (const name of templated) if (!declared.includes(name)) problems.push(`${where}: {${name}} not declared`);
        for (const p of params.filter((p) => p.in === 'path')) {
          if (!templated.includes(p.name)) problems.push(`${where}: ${p.name} not in the path`);
          if (p.required !== true) problems.push(`${where}: path parameter ${p.name} not required`);
        }
        const seen = new Set<string>();
        for (const p of params) {
          if (!['path', 'query', 'header', 'cookie'].includes(p.in)) problems.push(`${where}: ${p.name} in ${p.in}`);
          if (seen.has(`${p.in}:${p.name}`)) problems.push(`${where}: ${p.name} twice`);
          seen.add(`${p.in}:${p.name}`);
          if (!p.schema) problems.push(`${where}: ${p.name} has no schema`);
        }
        if (!op.operationId) problems.push(`${where}: no operationId`);
        else if (ids.has(op.operationId)) problems.push(`${where}: operationId ${op.operationId} twice`);
        ids.add(op.operationId);
        const responses = Object.entries((op.responses ?? {}) as Json);
        if (!responses.length) problems.push(`${where}: no responses`);
        for (const [status, r] of responses) {
          if (!/^([1-5](\d\d|XX)|default)$/.test(status)) problems.push(`${where}: response ${status}`);
          const res = (r.$ref ? resolve(doc, r.$ref) : r) as Json;
          if (!res?.description) problems.push(`${where}: response ${status} has no description`);
        }
        for (const requirement of (op.security ?? []) as Json[]) {
          for (const scheme of Object.keys(requirement)) {
            if (!doc.components.securitySchemes[scheme]) problems.push(`${where}: unknown security scheme ${scheme}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    // A schema of the JSON Schema dialect OpenAPI 3.1 uses: no draft-specific $schema left inside.
    expect(JSON.stringify(doc)).not.toContain('"$schema"');
  });

  it('lints clean with an OpenAPI linter: Redocly’s recommended rules, no error and no warning', async () => {
    const doc = await fetchDoc();
    // The rules are the ones built into @redocly/openapi-core: nothing is fetched (docs/decisions.md).
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} (${p.location[0]?.pointer ?? '#'})`)).toEqual([]);
  });

  it('takes bodies and queries from the schemas the routes validate with', async () => {
    const doc = await fetchDoc();
    const signIn = doc.paths['/api/auth/sign-in'].post.requestBody.content['application/json'].schema;
    const schema = resolve(doc, signIn.$ref) as Json;
    expect(schema.required).toEqual(expect.arrayContaining(['email', 'password']));
    expect(schema.additionalProperties).toBe(false);

    // The validated query becomes parameters; the path parameter is declared.
    const queue = doc.paths['/api/staff/returns'].get.parameters.map((p: Json) => `${p.in}:${p.name}`);
    expect(queue).toEqual(expect.arrayContaining(['query:state', 'query:q', 'query:cursor']));

    // Every write has its validated body in the document, but the five that take none.
    const bodiless = Object.entries(doc.paths as Json).flatMap(([path, ops]) =>
      Object.entries(ops as Json)
        .filter(([m, op]) => ['post', 'put', 'patch'].includes(m) && !op.requestBody)
        .map(([m]) => `${m.toUpperCase()} ${path}`)
    );
    expect(bodiless.sort()).toEqual([
      'POST /api/auth/sign-out',
      'POST /api/returns/{number}/cancel',
      'POST /api/staff/auth/sign-out',
      'POST /api/staff/emails/{id}/retry',
      'POST /api/staff/webhooks/{id}/retry'
    ]);
    const push = doc.paths['/api/integrations/orders'].post;
    expect(push.security).toEqual([{ shopSignature: [] }]);
    expect(push.parameters.map((p: Json) => p.name)).toContain('Reprise-Signature');
    expect(resolve(doc, push.requestBody.content['application/json'].schema.$ref)).toMatchObject({
      required: expect.arrayContaining(['number', 'lines'])
    });
  });

  it('carries the error envelope with every code and the six webhook events', async () => {
    const doc = await fetchDoc();
    const codes = doc.components.schemas.ErrorCode.oneOf.map((c: Json) => c.const);
    expect(codes.sort()).toEqual(Object.keys(API_ERROR_CODES).sort());
    expect(doc.components.schemas.ErrorCode.oneOf.every((c: Json) => c.description)).toBe(true);
    expect(doc.paths['/api/returns'].post.responses['4XX'].description).toContain('`return_not_allowed`');

    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_TYPES].sort());
    const credited = doc.webhooks['return.credited'].post;
    expect(credited.parameters.map((p: Json) => p.name)).toEqual(['Reprise-Signature', 'Reprise-Event-Id']);
    expect(credited.requestBody.content['application/json'].schema.properties.data.properties).toHaveProperty('totals');
  });
});

describe('GET /api/docs', () => {
  it('renders every operation on one page with no script, under the strict CSP', async () => {
    const res = await app.request(`${ORIGIN}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/<script|https?:\/\/(?!reprise\.test)/i);
    for (const route of ROUTES) {
      const [method, path] = route.split(' ') as [string, string];
      expect(html, route).toContain(`<span class="method">${method}</span> <code>${toOpenApi(path)}</code>`);
    }
    // Each body's own schema, not a bare $ref; each common answer in words.
    expect(html).toContain('&quot;firstName&quot;');
    expect(html).toContain('<code>unauthenticated</code>: signing in is needed.');
    expect(html).toContain('return.credited');
    expect(html).toContain('<code>stale_return</code>');
  });
});
