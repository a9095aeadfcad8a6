import { idempotencyKeyHeader } from '#shared/schemas/returns.ts';
import { createHash } from 'node:crypto';
import { ApiError } from './errors.ts';

export type Idempotency = { key: string; requestHash: string };

export function hashRequest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** Reads an optional `Idempotency-Key` header; the request's hash tells a replay from a reused key. */
export function idempotencyFrom(header: string | undefined, input: unknown): Idempotency | undefined {
  if (header === undefined) return undefined;
  if (!idempotencyKeyHeader.safeParse(header).success) {
    throw new ApiError(400, 'invalid_request', 'The Idempotency-Key header is not valid.', { fields: { 'Idempotency-Key': 'invalid' } });
  }
  return { key: header, requestHash: hashRequest(input) };
}
