import { zValidator } from '@hono/zod-validator';
import type { MiddlewareHandler } from 'hono';
import type { ZodType } from 'zod';
import { ApiError, emptyFields, fieldsFromZod, type FieldErrors } from './errors.ts';

/**
 * Text PostgreSQL cannot store: U+0000, and a lone UTF-16 surrogate (JSON allows `"\ud800"`; a text
 * column would get U+FFFD instead, a jsonb copy such as the outbox or the audit row fails). Every
 * validated value is scanned once here instead of in each schema; each such string is named
 * `invalid_characters`.
 */
export function unstorableFields(value: unknown, path: string[] = [], found: FieldErrors = emptyFields()): FieldErrors {
  if (typeof value === 'string') {
    if (value.includes('\u0000') || !value.isWellFormed()) found[path.join('.') || '_'] = 'invalid_characters';
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unstorableFields(v, [...path, String(i)], found));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) unstorableFields(v, [...path, k], found);
  }
  return found;
}

const hook = (what: string) => (result: { success: true; data: unknown } | { success: false; error: unknown }) => {
  if (!result.success) {
    throw new ApiError(400, 'invalid_request', `The ${what} is not valid.`, { fields: fieldsFromZod(result.error as never) });
  }
  const bad = unstorableFields(result.data);
  if (Object.keys(bad).length) throw new ApiError(400, 'invalid_request', `The ${what} is not valid.`, { fields: bad });
};

/**
 * The schema a validator checks, kept on the middleware itself: the OpenAPI document (server/openapi/)
 * finds it by walking the app's routes, so the spec shows exactly what is validated.
 */
export const VALIDATES = Symbol('validates');
export type Validates = { target: 'json' | 'query'; schema: ZodType };

/** Validates a JSON body with a strict schema; failures answer 400 `invalid_request` with the fields. */
export const jsonBody = <T extends ZodType>(schema: T) =>
  Object.assign(zValidator('json', schema, hook('request')), { [VALIDATES]: { target: 'json', schema } satisfies Validates });

/** Validates query parameters the same way. */
export const queryParams = <T extends ZodType>(schema: T) =>
  Object.assign(zValidator('query', schema, hook('query')), { [VALIDATES]: { target: 'query', schema } satisfies Validates });

/** Refuses a URL whose path or query carries a NUL (it could only reach the database as an error). */
export const noNulInUrl: MiddlewareHandler = async (c, next) => {
  if (/%00/.test(c.req.url)) throw new ApiError(400, 'invalid_request', 'The address is not valid.');
  await next();
};
