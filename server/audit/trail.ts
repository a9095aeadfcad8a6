import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { ReturnState } from '#shared/states.ts';
import type { Db } from '../db/client.ts';
import { auditEvents, customers, staffUsers } from '../db/schema.ts';

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
            : 'System',
      email: r.staffEmail ?? r.customer?.email ?? null
    },
    changes: r.event.changes as Record<string, unknown>
  }));
}

/** The trail of one return (staff view). */
export const returnTrail = (db: Db, returnId: number) => auditTrail(db, eq(auditEvents.returnId, returnId));

/** The state changes of a return, oldest first, from its audit trail. */
export async function timelineOf(db: Db, returnId: number): Promise<{ state: ReturnState; at: string }[]> {
  const events = await db
    .select({ changes: auditEvents.changes, at: auditEvents.createdAt })
    .from(auditEvents)
    .where(eq(auditEvents.returnId, returnId))
    .orderBy(asc(auditEvents.createdAt), asc(auditEvents.id));
  return events
    .filter((e) => Array.isArray((e.changes as { state?: unknown }).state))
    .map((e) => ({ state: (e.changes as { state: [unknown, ReturnState] }).state[1], at: e.at.toISOString() }));
}

/** The latest signed timestamp (ISO) among the pushes applied to an order, or null. */
export async function lastSignedPush(db: Db, orderNumber: string): Promise<string | null> {
  const [last] = await db
    .select({ signedAt: sql<string | null>`max(${auditEvents.changes} ->> 'signedAt')` })
    .from(auditEvents)
    .where(and(eq(auditEvents.entity, 'order'), eq(auditEvents.entityId, orderNumber)));
  return last?.signedAt ?? null;
}
