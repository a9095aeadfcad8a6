import { Hono } from 'hono';
import { dryRunSchema, importRulesSchema, saveRulesSchema } from '#shared/schemas/rules.ts';
import { getSettings } from '../../settings/views.ts';
import { dryRun } from './dry-run.ts';
import type { AppEnv } from '../../deps.ts';
import { actorOf } from '../../http/request.ts';
import { jsonBody } from '../../http/validate.ts';
import { currentRuleSet, exportFile, ruleSetHistory, saveRuleSet } from './store.ts';

/**
 * The shop's return rules (mounted under /api/staff/rules, admins only; docs/rules.md): the set in
 * force, its history, save (a new version), export and import as JSON, and the dry run.
 */
export const rulesRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { db } = c.var.deps;
    return c.json({ rules: await currentRuleSet(db), history: await ruleSetHistory(db) });
  })
  .put('/', jsonBody(saveRulesSchema), async (c) => {
    const { db, now } = c.var.deps;
    const { version, ruleSet } = c.req.valid('json');
    return c.json({ rules: await saveRuleSet(db, actorOf(c), { baseVersion: version, ruleSet }, now()) });
  })
  .get('/export', async (c) => {
    const stored = await currentRuleSet(c.var.deps.db);
    c.header('Content-Disposition', `attachment; filename="reprise-rules-v${stored.version}.json"`);
    return c.json(exportFile(stored));
  })
  .post('/import', jsonBody(importRulesSchema), async (c) => {
    const { db, now } = c.var.deps;
    const { version, file } = c.req.valid('json');
    return c.json({ rules: await saveRuleSet(db, actorOf(c), { baseVersion: version, ruleSet: file.ruleSet, imported: true }, now()) });
  })
  // Writes nothing: a POST only because the rule set to try travels in the body.
  .post('/dry-run', jsonBody(dryRunSchema), async (c) => {
    const { db, now } = c.var.deps;
    const { ruleSet, days } = c.req.valid('json');
    const { timeZone } = await getSettings(db);
    return c.json({ dryRun: await dryRun(db, ruleSet, { days, now: now(), timeZone }) });
  });
