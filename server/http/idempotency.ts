import type { Context } from 'hono';
import { and, eq } from 'drizzle-orm';
import { idempotencyKeyHeader } from '#shared/schemas/returns.ts';
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { idempotencyKeys } from '../db/schema.ts';
import { ApiError } from './errors.ts';

/** One remembered request: its key within a scope (whose keys they are), its hash, when it came. */
export type Once = { scope: string; key: string; requestHash: string; now: Date };

export function hashRequest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/**
 * Reads an optional `Idempotency-Key` header (keys are the caller's: `scope` names them, e.g.
 * `customer:<id>`); the request's hash tells a replay from a reused key.
 */
export function idempotencyFrom(header: string | undefined, input: unknown, scope: string, now: Date): Once | undefined {
  if (header === undefined) return undefined;
  if (!idempotencyKeyHeader.safeParse(header).success) {
    throw new ApiError(400, 'invalid_request', 'The Idempotency-Key header is not valid.', { fields: { 'Idempotency-Key': 'invalid' } });
  }
  return { scope, key: header, requestHash: hashRequest(input), now };
}

export type Answer<T> = { status: number; body: T };
export type OnceAnswer<T> = Answer<T> & { replayed: boolean };

/** Why a remembered key is not replayed: it came with another request, or its first run has not finished. */
export type OnceRefusal = 'key_reused' | 'in_progress';

const refuseByDefault = (why: OnceRefusal) =>
  why === 'key_reused'
    ? new ApiError(409, 'idempotency_key_reused', 'This Idempotency-Key was used for a different request.')
    : new ApiError(409, 'idempotency_in_progress', 'The same request is still being processed.');

/**
 * Runs `fn` once per (scope, key), in the caller's transaction: the answer is remembered with the key,
 * and the same request again gets it back (`replayed`) without running `fn`. Without a key, just runs `fn`.
 */
export async function runOnce<T>(
  tx: Db,
  once: Once | undefined,
  fn: () => Promise<Answer<T>>,
  refuse: (why: OnceRefusal) => ApiError = refuseByDefault
): Promise<OnceAnswer<T>> {
  if (!once) return { ...(await fn()), replayed: false };
  const where = and(eq(idempotencyKeys.scope, once.scope), eq(idempotencyKeys.key, once.key));
  // The same key in flight elsewhere: this insert waits for it, then finds its row.
  const inserted = await tx
    .insert(idempotencyKeys)
    .values({ scope: once.scope, key: once.key, requestHash: once.requestHash, createdAt: once.now })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length === 0) {
    const [prior] = await tx.select().from(idempotencyKeys).where(where);
    if (!prior || prior.requestHash !== once.requestHash) throw refuse('key_reused');
    if (prior.status === null) throw refuse('in_progress');
    return { status: prior.status, body: prior.body as T, replayed: true };
  }
  const answer = await fn();
  await tx.update(idempotencyKeys).set({ status: answer.status, body: answer.body }).where(where);
  return { ...answer, replayed: false };
}

/** Tells the client an answer is the remembered one. */
export function markReplay(c: Context, answer: { replayed: boolean }): void {
  if (answer.replayed) c.header('Idempotent-Replayed', 'true');
}
