/**
 * The shop's rule sets in the database (docs/rules.md): read the one in force, save a new version
 * (audited, refused when someone saved since the caller read), export and import as JSON.
 */
import { desc, eq, sql } from 'drizzle-orm';
import { EMPTY_RULE_SET, RULES_FILE_FORMAT, type Rule, type RuleSet } from '#shared/schemas/rules.ts';
import { writeAudit } from '../../audit/write.ts';
import type { Db } from '../../db/client.ts';
import { returnActions, returnReasons, ruleSets, shopSettings, staffUsers } from '../../db/schema.ts';
import type { StaffActor } from '../../deps.ts';
import { ApiError, emptyFields } from '../../http/errors.ts';
import { getSettings } from '../../settings/views.ts';

/** The rule set in force: its version (0 when none was ever saved: no rules), who saved it and when. */
export type StoredRuleSet = { version: number; ruleSet: RuleSet; savedAt: string | null; savedBy: string | null };

/** The newest rule set (the one in force), or none (version 0, no rules). */
export async function currentRuleSet(db: Db): Promise<StoredRuleSet> {
  const [row] = await db
    .select({ version: ruleSets.version, document: ruleSets.document, savedAt: ruleSets.savedAt, savedBy: staffUsers.name })
    .from(ruleSets)
    .leftJoin(staffUsers, eq(staffUsers.id, ruleSets.savedByStaffId))
    .orderBy(desc(ruleSets.version))
    .limit(1);
  if (!row) return { version: 0, ruleSet: EMPTY_RULE_SET, savedAt: null, savedBy: null };
  return { version: row.version, ruleSet: row.document, savedAt: row.savedAt.toISOString(), savedBy: row.savedBy };
}

/** The rule set as an exported file: what `import` takes back. */
export function exportFile(stored: StoredRuleSet) {
  return { format: RULES_FILE_FORMAT, version: stored.version, savedAt: stored.savedAt ?? undefined, ruleSet: stored.ruleSet };
}

/** Every reason and action code a rule names must be one the shop has (422 `rule_unknown_code`, naming each). */
async function refuseUnknownCodes(tx: Db, set: RuleSet): Promise<void> {
  const reasons = new Set((await tx.select({ code: returnReasons.code }).from(returnReasons)).map((r) => r.code));
  const actions = new Set((await tx.select({ code: returnActions.code }).from(returnActions)).map((a) => a.code));
  const fields = emptyFields();
  set.rules.forEach((rule, i) => {
    rule.when.reasons?.forEach((c, j) => {
      if (!reasons.has(c)) fields[`ruleSet.rules.${i}.when.reasons.${j}`] = 'unknown_reason';
    });
    rule.when.actions?.forEach((c, j) => {
      if (!actions.has(c)) fields[`ruleSet.rules.${i}.when.actions.${j}`] = 'unknown_action';
    });
    rule.then.actions?.forEach((c, j) => {
      if (!actions.has(c)) fields[`ruleSet.rules.${i}.then.actions.${j}`] = 'unknown_action';
    });
  });
  if (Object.keys(fields).length) {
    throw new ApiError(422, 'rule_unknown_code', 'A rule names a reason or action code the shop does not have.', { fields });
  }
}

/** What changed between two sets, for the audit row: rules added, removed and changed (by id), the switch, the block list's size. */
function changesOf(before: RuleSet, after: RuleSet) {
  const byId = (rules: Rule[]) => new Map(rules.map((r) => [r.id, JSON.stringify(r)]));
  const was = byId(before.rules);
  const now = byId(after.rules);
  const added = [...now.keys()].filter((id) => !was.has(id));
  const removed = [...was.keys()].filter((id) => !now.has(id));
  const changed = [...now.keys()].filter((id) => was.has(id) && was.get(id) !== now.get(id));
  const order = before.rules.map((r) => r.id).join() !== after.rules.map((r) => r.id).join();
  return {
    ...(added.length ? { rulesAdded: added } : {}),
    ...(removed.length ? { rulesRemoved: removed } : {}),
    ...(changed.length ? { rulesChanged: changed } : {}),
    ...(order && !added.length && !removed.length ? { rulesReordered: true } : {}),
    ...(before.enabled !== after.enabled ? { enabled: [before.enabled, after.enabled] } : {}),
    ...(before.blockList.length !== after.blockList.length ? { blockList: [before.blockList.length, after.blockList.length] } : {})
  };
}

/**
 * Saves `ruleSet` as the next version, if `baseVersion` is still the newest (else 409 `stale_rules`):
 * the settings row's lock makes two saves run one after the other. One audit row (`rules`, `saved` or
 * `imported`) says who changed what.
 */
export async function saveRuleSet(
  db: Db,
  actor: StaffActor,
  input: { baseVersion: number; ruleSet: RuleSet; imported?: boolean },
  now: Date
): Promise<StoredRuleSet> {
  await getSettings(db); // creates the settings row the first time: its lock orders the saves
  return db.transaction(async (tx) => {
    await tx.select({ id: shopSettings.id }).from(shopSettings).where(eq(shopSettings.id, 1)).for('update');
    const before = await currentRuleSet(tx);
    if (before.version !== input.baseVersion) {
      throw new ApiError(409, 'stale_rules', 'Someone else saved the rules after you opened them.', {
        fields: { version: String(before.version) }
      });
    }
    await refuseUnknownCodes(tx, input.ruleSet);
    const version = before.version + 1;
    await tx.insert(ruleSets).values({ version, document: input.ruleSet, savedByStaffId: actor.id, savedAt: now });
    await writeAudit(tx, actor, {
      entity: 'rules',
      entityId: version,
      action: input.imported ? 'imported' : 'saved',
      changes: { version: [before.version, version], ...changesOf(before.ruleSet, input.ruleSet) },
      now
    });
    return currentRuleSet(tx);
  });
}

/** The versions saved, newest first (at most 50): who saved each and when. */
export async function ruleSetHistory(db: Db) {
  const rows = await db
    .select({
      version: ruleSets.version,
      savedAt: ruleSets.savedAt,
      savedBy: staffUsers.name,
      rules: sql<number>`jsonb_array_length(${ruleSets.document} -> 'rules')`
    })
    .from(ruleSets)
    .leftJoin(staffUsers, eq(staffUsers.id, ruleSets.savedByStaffId))
    .orderBy(desc(ruleSets.version))
    .limit(50);
  return rows.map((r) => ({ version: r.version, savedAt: r.savedAt.toISOString(), savedBy: r.savedBy, rules: Number(r.rules) }));
}
