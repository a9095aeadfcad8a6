import type { Db } from '../db/client.ts';
import { auditEvents } from '../db/schema.ts';

export type Changes = Record<string, unknown>;

/** Who an audit row names: a staff member, a customer, the system (pushes, imports, commands), or one of the shop's rules (its id and version in the changes). */
export type AuditActor = { type: 'staff' | 'customer' | 'system' | 'rule'; id: number | null };

export type AuditEvent = {
  entity: string;
  entityId: string | number;
  action: string;
  changes: Changes;
  now: Date;
  /** Set on a return's rows, so its trail and timeline are read by one index. */
  returnId?: number;
};

/** Writes one audit row (in the caller's transaction): who, when, which entity, what changed from what to what. */
export async function writeAudit(tx: Db, actor: AuditActor, event: AuditEvent): Promise<void> {
  await tx.insert(auditEvents).values({
    entity: event.entity,
    entityId: String(event.entityId),
    returnId: event.returnId ?? null,
    action: event.action,
    actorType: actor.type,
    actorId: actor.id,
    changes: event.changes,
    createdAt: event.now
  });
}

/** `{ field: [before, after] }` for every field of `patch` whose value differs from `before`. */
export function diff<T extends Record<string, unknown>>(before: T, patch: Partial<T>): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (before[key] !== value) changes[key] = [before[key], value];
  }
  return changes;
}
