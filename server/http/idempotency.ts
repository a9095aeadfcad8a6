import { idempotencyKeyHeader } from '../../shared/schemas/returns.ts';
import type { Idempotency } from '../returns/service.ts';
import { hashRequest } from '../returns/service.ts';
import { ApiError } from './errors.ts';

/** Reads an optional `Idempotency-Key` header; the request's hash tells a replay from a reused key. */
export function idempotencyFrom(header: string | undefined, input: unknown): Idempotency | undefined {
  if (header === undefined) return undefined;
  if (!idempotencyKeyHeader.safeParse(header).success) {
    throw new ApiError(400, 'invalid_request', 'The Idempotency-Key header is not valid.', { fields: { 'Idempotency-Key': 'invalid' } });
  }
  return { key: header, requestHash: hashRequest(input) };
}
