import { and, asc, eq, like, sql } from 'drizzle-orm';
import type { SettingsPatch } from '#shared/schemas/staff.ts';
import { localeOf } from '#shared/words/index.ts';
import type { Db } from '../db/client.ts';
import { CLAIM_REASON_CODES } from '#shared/schemas/returns.ts';
import { CLAIM_ACTION, WITHDRAWAL_ACTION, WITHDRAWAL_REASON } from '../db/defaults.ts';
import { returnActions, returnLines, returnReasons, shopSettings } from '../db/schema.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { diff, writeAudit } from '../audit/write.ts';
import type { StaffActor } from '../deps.ts';
import { getSettings, type ShopSettings } from './views.ts';

/** Everything an admin may set (the public part plus the inventory link). */
export function adminSettings(s: ShopSettings) {
  return {
    returnsAllowed: s.returnsAllowed,
    windowDays: s.windowDays,
    claimWindowDays: s.claimWindowDays,
    inventoryLinkedToPos: s.inventoryLinkedToPos,
    returnShippingCents: s.returnShippingCents,
    exchangesEnabled: s.exchangesEnabled,
    shopName: s.shopName,
    contactEmail: s.contactEmail,
    contactPhone: s.contactPhone,
    primaryColor: s.primaryColor,
    accentColor: s.accentColor,
    withdrawalEnabled: s.withdrawalEnabled,
    withdrawalDays: s.withdrawalDays,
    legalName: s.legalName,
    legalAddress: s.legalAddress,
    timeZone: s.timeZone,
    returnAddress: s.returnAddress,
    returnInstructionsEn: s.returnInstructionsEn,
    returnInstructionsFr: s.returnInstructionsFr,
    locale: localeOf(s.locale),
    updatedAt: s.updatedAt.toISOString()
  };
}

/** Saves the changed settings and one audit row with before/after per field, in one transaction. */
export async function updateSettings(db: Db, actor: StaffActor, patch: SettingsPatch, now: Date) {
  await getSettings(db);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(shopSettings).where(eq(shopSettings.id, 1)).for('update');
    const changes = diff(before as unknown as Record<string, unknown>, patch);
    if (Object.keys(changes).length === 0) return adminSettings(before!);
    const [after] = await tx
      .update(shopSettings)
      .set({ ...patch, updatedAt: now })
      .where(eq(shopSettings.id, 1))
      .returning();
    await writeAudit(tx, actor, { entity: 'settings', entityId: 1, action: 'updated', changes, now });
    return adminSettings(after!);
  });
}

// ---- reasons and actions: one set of rules for both lists ----

export type ListKind = 'reason' | 'action';
/** A reason's photo requirement and its hint (reasons only). */
type PhotoFields = { requiresPhoto?: boolean; photoHintEn?: string; photoHintFr?: string };
type ListTable = typeof returnReasons | typeof returnActions;
const tableOf = (kind: ListKind): ListTable => (kind === 'reason' ? returnReasons : returnActions);
const usedColumn = (kind: ListKind) => (kind === 'reason' ? returnLines.reasonId : returnLines.actionId);

type Row = {
  id: number;
  code: string;
  labelEn: string;
  labelFr: string;
  active: boolean;
  position: number;
  restockDefault?: boolean;
  needsText?: boolean;
  restockingFeePercent?: number;
  requiresPhoto?: boolean;
  photoHintEn?: string;
  photoHintFr?: string;
};

async function usage(db: Db, kind: ListKind): Promise<Map<number, number>> {
  const col = usedColumn(kind);
  const rows = await db
    .select({ id: col, n: sql<number>`count(*)::int` })
    .from(returnLines)
    .groupBy(col);
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** Every reason (or action), active or not, in the shop's order, with how many return lines use it. */
export async function listItems(db: Db, kind: ListKind) {
  const table = tableOf(kind);
  const rows = ((await db.select().from(table).orderBy(asc(table.position), asc(table.id))) as Row[]).filter((r) => !isReserved(r.code));
  const used = await usage(db, kind);
  return rows.map((r) => ({ ...r, usedBy: used.get(r.id) ?? 0 }));
}

/** A code from the English label: "Arrived too late" → `arrived_too_late`, made unique. */
async function newCode(tx: Db, kind: ListKind, labelEn: string): Promise<string> {
  const table = tableOf(kind);
  const base =
    labelEn
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40) || kind;
  const taken = new Set(
    (
      await tx
        .select({ code: table.code })
        .from(table)
        .where(like(table.code, `${base}%`))
    ).map((r) => r.code)
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

async function lockedRow(tx: Db, kind: ListKind, id: number): Promise<Row> {
  const table = tableOf(kind);
  const [row] = (await tx.select().from(table).where(eq(table.id, id)).for('update')) as Row[];
  if (!row || isReserved(row.code)) throw notFound(`No such ${kind}.`);
  return row;
}

/** The withdrawal's and the claims' reasons and action belong to their function: not in the admin lists, never offered to shoppers. */
const isReserved = (code: string) =>
  code === WITHDRAWAL_REASON.code ||
  code === WITHDRAWAL_ACTION.code ||
  code === CLAIM_ACTION.code ||
  (CLAIM_REASON_CODES as readonly string[]).includes(code);

export async function createItem(
  db: Db,
  actor: StaffActor,
  kind: ListKind,
  input: { labelEn: string; labelFr: string; restockDefault?: boolean; needsText?: boolean; restockingFeePercent?: number } & PhotoFields,
  now: Date
): Promise<Row> {
  return db.transaction(async (tx) => {
    const table = tableOf(kind);
    // One writer at a time per list, so two adds cannot pick the same code or position.
    await tx.execute(sql`select pg_advisory_xact_lock(724002, ${kind === 'reason' ? 1 : 2})`);
    const code = await newCode(tx, kind, input.labelEn);
    const [{ next }] = (await tx.select({ next: sql<number>`coalesce(max(${table.position}), -1)::int + 1` }).from(table)) as [
      { next: number }
    ];
    const values =
      kind === 'reason'
        ? {
            code,
            labelEn: input.labelEn,
            labelFr: input.labelFr,
            position: next,
            restockDefault: input.restockDefault ?? true,
            needsText: input.needsText ?? false,
            restockingFeePercent: input.restockingFeePercent ?? 0,
            requiresPhoto: input.requiresPhoto ?? false,
            photoHintEn: input.photoHintEn ?? '',
            photoHintFr: input.photoHintFr ?? ''
          }
        : { code, labelEn: input.labelEn, labelFr: input.labelFr, position: next };
    const [row] = (await tx
      .insert(table as typeof returnReasons)
      .values(values)
      .returning()) as Row[];
    const { id: _id, position: _p, ...fields } = row!;
    await writeAudit(tx, actor, {
      entity: kind,
      entityId: row!.id,
      action: 'created',
      changes: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, [null, v]])),
      now
    });
    return row!;
  });
}

export async function patchItem(
  db: Db,
  actor: StaffActor,
  kind: ListKind,
  id: number,
  patch: { labelEn?: string; labelFr?: string; restockDefault?: boolean; restockingFeePercent?: number; active?: boolean } & PhotoFields,
  now: Date
): Promise<Row> {
  return db.transaction(async (tx) => {
    const table = tableOf(kind);
    const before = await lockedRow(tx, kind, id);
    const changes = diff(before as Record<string, unknown>, patch);
    if (Object.keys(changes).length === 0) return before;
    if (patch.active === false) await refuseLastActive(tx, kind, id);
    const [after] = (await tx
      .update(table as typeof returnReasons)
      .set(patch)
      .where(eq(table.id, id))
      .returning()) as Row[];
    const action =
      patch.active === false && before.active ? 'deactivated' : patch.active === true && !before.active ? 'activated' : 'updated';
    await writeAudit(tx, actor, { entity: kind, entityId: id, action, changes, now });
    return after!;
  });
}

/** Shoppers always need at least one active reason and one active action. */
async function refuseLastActive(tx: Db, kind: ListKind, id: number) {
  const table = tableOf(kind);
  const [{ n }] = (await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(table)
    .where(and(eq(table.active, true), sql`${table.id} <> ${id}`))) as [{ n: number }];
  if (n === 0) throw new ApiError(422, 'last_active', `At least one ${kind} must stay active.`);
}

/**
 * Removes a reason (or action) from the list: one that a return line uses is deactivated (kept for
 * the returns that name it), one nobody used is deleted.
 */
export async function removeItem(
  db: Db,
  actor: StaffActor,
  kind: ListKind,
  id: number,
  now: Date
): Promise<{ deleted: boolean; item: Row | null }> {
  return db.transaction(async (tx) => {
    const table = tableOf(kind);
    const before = await lockedRow(tx, kind, id);
    if (before.active) await refuseLastActive(tx, kind, id);
    const [used] = await tx
      .select({ id: returnLines.id })
      .from(returnLines)
      .where(eq(usedColumn(kind), id))
      .limit(1);
    if (used) {
      const [after] = (await tx
        .update(table as typeof returnReasons)
        .set({ active: false })
        .where(eq(table.id, id))
        .returning()) as Row[];
      if (before.active)
        await writeAudit(tx, actor, { entity: kind, entityId: id, action: 'deactivated', changes: { active: [true, false] }, now });
      return { deleted: false, item: after! };
    }
    await tx.delete(table).where(eq(table.id, id));
    const { id: _id, ...fields } = before;
    await writeAudit(tx, actor, {
      entity: kind,
      entityId: id,
      action: 'deleted',
      changes: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, [v, null]])),
      now
    });
    return { deleted: true, item: null };
  });
}

/** Puts the list in the given order; `ids` must name every reason (or action) once. */
export async function reorderItems(db: Db, actor: StaffActor, kind: ListKind, ids: number[], now: Date) {
  return db.transaction(async (tx) => {
    const table = tableOf(kind);
    await tx.execute(sql`select pg_advisory_xact_lock(724002, ${kind === 'reason' ? 1 : 2})`);
    const rows = ((await tx.select().from(table).orderBy(asc(table.position), asc(table.id)).for('update')) as Row[]).filter(
      (r) => !isReserved(r.code)
    );
    const before = rows.map((r) => r.id);
    if (ids.length !== before.length || new Set(ids).size !== ids.length || !ids.every((id) => before.includes(id))) {
      throw new ApiError(422, 'invalid_order', `The new order must name every ${kind} exactly once.`, { fields: { ids: 'invalid_order' } });
    }
    if (ids.every((id, i) => before[i] === id)) return;
    for (const [position, id] of ids.entries()) {
      await tx
        .update(table as typeof returnReasons)
        .set({ position })
        .where(eq(table.id, id));
    }
    await writeAudit(tx, actor, { entity: kind, entityId: 'order', action: 'reordered', changes: { order: [before, ids] }, now });
  });
}
