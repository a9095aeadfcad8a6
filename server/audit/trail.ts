import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { ReturnState } from '#shared/states.ts';
import type { Db } from '../db/client.ts';
import { auditEvents, customers, staffUsers } from '../db/schema.ts';
import { PLATFORM_INFO, type Platform } from '../connectors/platforms.ts';

/** The system actor, named by the platform a connector delivery came from ("Shopify"), else "System". */
const systemName = (changes: unknown) => {
  const via = (changes as { via?: unknown } | null)?.via;
  return typeof via === 'string' && via in PLATFORM_INFO ? PLATFORM_INFO[via as Platform].name : 'System';
};

/** A rule actor, named by the rule and the version of the rule set that decided ("Rule “Shoes” (version 3)"). */
const ruleName = (changes: unknown) => {
  const rule = (changes as { rule?: { name?: unknown; version?: unknown } } | null)?.rule;
  return rule && typeof rule.name === 'string' ? `Rule “${rule.name}” (version ${String(rule.version)})` : 'A rule';
};

const customerName = (c: { firstName: string; lastName: string }) => [c.firstName, c.lastName].filter(Boolean).join(' ');

/** An audit event with who did it: the staff member (null: since deleted), the customer (null: since erased). */
type EventRow = {
  id: number;
  at: Date | string;
  entity: string;
  entityId: string;
  action: string;
  actorType: string;
  changes: unknown;
  staffName: string | null;
  staffEmail: string | null;
  customer: { firstName: string; lastName: string; email: string } | null;
};

/** An event as staff read it: who did it (staff by name, the customer as such, the system). */
function trailEntry(r: EventRow) {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    entity: r.entity,
    entityId: r.entityId,
    action: r.action,
    actor: {
      type: r.actorType as 'staff' | 'customer' | 'system' | 'rule',
      name:
        r.actorType === 'staff'
          ? (r.staffName ?? 'A former staff member')
          : r.actorType === 'customer'
            ? r.customer
              ? `${customerName(r.customer)} (customer)`
              : 'The customer'
            : r.actorType === 'rule'
              ? ruleName(r.changes)
              : systemName(r.changes),
      email: r.staffEmail ?? r.customer?.email ?? null
    },
    changes: r.changes as Record<string, unknown>
  };
}

/**
 * The audit trail of the return whose id is `returnId`, oldest first, as one JSON value (the rows
 * each with who did it). A fragment, so the staff return view folds it into its own statement.
 */
export const returnTrailJson = (returnId: SQL) =>
  sql<EventRow[]>`(select coalesce(json_agg(json_build_object('id', a.id, 'at', a.created_at, 'entity', a.entity,
    'entityId', a.entity_id, 'action', a.action, 'actorType', a.actor_type, 'changes', a.changes, 'staffName', s.name,
    'staffEmail', s.email, 'customer', case when c.id is null then null
      else json_build_object('firstName', c.first_name, 'lastName', c.last_name, 'email', c.email) end)
    order by a.created_at, a.id), '[]')
    from ${auditEvents} a
    left join ${staffUsers} s on a.actor_type = 'staff' and s.id = a.actor_id
    left join ${customers} c on a.actor_type = 'customer' and c.id = a.actor_id
    where a.return_id = ${returnId})`;

/** The entries of `returnTrailJson`, as staff read them (`trailEntry`). */
export const trailFromJson = (rows: EventRow[]) => rows.map(trailEntry);

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

/** The latest signed timestamp (ISO) among the pushes applied to an order, or null. */
export async function lastSignedPush(db: Db, orderNumber: string): Promise<string | null> {
  const [last] = await db
    .select({ signedAt: sql<string | null>`max(${auditEvents.changes} ->> 'signedAt')` })
    .from(auditEvents)
    .where(and(eq(auditEvents.entity, 'order'), eq(auditEvents.entityId, orderNumber)));
  return last?.signedAt ?? null;
}
