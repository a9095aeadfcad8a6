import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { ReturnState } from '#shared/states.ts';
import type { Db } from '../db/client.ts';
import { auditEvents, customers, returns, staffUsers } from '../db/schema.ts';
import { PLATFORM_INFO, type Platform } from '../connectors/platforms.ts';

/** The system actor, named by the platform a connector delivery came from ("Shopify"), else "System". */
const systemName = (changes: unknown) => {
  const via = (changes as { via?: unknown } | null)?.via;
  return typeof via === 'string' && via in PLATFORM_INFO ? PLATFORM_INFO[via as Platform].name : 'System';
};

const customerName = (c: { firstName: string; lastName: string }) => [c.firstName, c.lastName].filter(Boolean).join(' ');

/** Who did each thing (staff by name, the customer as such, the system), oldest first. */
export async function auditTrail(db: Db, where: SQL) {
  const rows = await db
    .select({ event: auditEvents, staffName: staffUsers.name, staffEmail: staffUsers.email, customer: customers })
    .from(auditEvents)
    .leftJoin(staffUsers, and(eq(auditEvents.actorType, 'staff'), eq(staffUsers.id, auditEvents.actorId)))
    .leftJoin(customers, and(eq(auditEvents.actorType, 'customer'), eq(customers.id, auditEvents.actorId)))
    .where(where)
    .orderBy(asc(auditEvents.createdAt), asc(auditEvents.id));
  return rows.map((r) => ({
    id: r.event.id,
    at: r.event.createdAt.toISOString(),
    entity: r.event.entity,
    entityId: r.event.entityId,
    action: r.event.action,
    actor: {
      type: r.event.actorType as 'staff' | 'customer' | 'system',
      name:
        r.event.actorType === 'staff'
          ? (r.staffName ?? 'A former staff member')
          : r.event.actorType === 'customer'
            ? r.customer
              ? `${customerName(r.customer)} (customer)`
              : 'The customer'
            : systemName(r.event.changes),
      email: r.staffEmail ?? r.customer?.email ?? null
    },
    changes: r.event.changes as Record<string, unknown>
  }));
}

/** The trail of one return (staff view). */
export const returnTrail = (db: Db, returnId: number) => auditTrail(db, eq(auditEvents.returnId, returnId));

type Step = { state: ReturnState; at: string };

/**
 * The state changes of the return whose id is `returnId`, oldest first, from its audit trail, as one
 * JSON value (the events whose changes carry a `state: [from, to]` pair). A fragment, so a hot read
 * folds it into its own statement.
 */
export const timelineJson = (returnId: SQL | number) =>
  sql<Step[]>`(select coalesce(json_agg(json_build_object('state', a.changes -> 'state' ->> 1, 'at', a.created_at)
    order by a.created_at, a.id), '[]') from ${auditEvents} a
    where a.return_id = ${returnId} and jsonb_typeof(a.changes -> 'state') = 'array')`;

/** The dates of `timelineJson` in ISO form. */
export const timelineFromJson = (rows: Step[]): Step[] => rows.map((s) => ({ ...s, at: new Date(s.at).toISOString() }));

/** The state changes of a return, oldest first (see `timelineJson`). */
export async function timelineOf(db: Db, returnId: number): Promise<Step[]> {
  const [row] = await db
    .select({ timeline: timelineJson(returnId) })
    .from(returns)
    .where(eq(returns.id, returnId));
  return timelineFromJson(row?.timeline ?? []);
}

/** The latest signed timestamp (ISO) among the pushes applied to an order, or null. */
export async function lastSignedPush(db: Db, orderNumber: string): Promise<string | null> {
  const [last] = await db
    .select({ signedAt: sql<string | null>`max(${auditEvents.changes} ->> 'signedAt')` })
    .from(auditEvents)
    .where(and(eq(auditEvents.entity, 'order'), eq(auditEvents.entityId, orderNumber)));
  return last?.signedAt ?? null;
}
