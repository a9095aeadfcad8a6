import { Hono, type Context } from 'hono';
import {
  actionCreateSchema,
  actionPatchSchema,
  reasonCreateSchema,
  reasonPatchSchema,
  reorderSchema,
  settingsPatchSchema
} from '../../shared/schemas/staff.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../http/errors.ts';
import { jsonBody } from '../http/validate.ts';
import { adminSettings, createItem, listItems, patchItem, removeItem, reorderItems, updateSettings } from './admin.ts';
import { getSettings, publicSettings } from './service.ts';

export const publicSettingsRoutes = new Hono<AppEnv>().get('/', async (c) =>
  c.json({ shop: publicSettings(await getSettings(c.var.deps.db)) })
);

const actorOf = (c: Context<AppEnv>) => ({ type: 'staff' as const, id: c.var.staff.id, role: c.var.staff.role });

/** A numeric id from the path; anything else is a 404 like an unknown id. */
export function idParam(c: Context<AppEnv>, name = 'id'): number {
  const raw = c.req.param(name) ?? '';
  const id = /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id > 2_147_483_647) throw notFound();
  return id;
}

/**
 * The admin settings (mounted under /api/staff/settings, behind the staff session and admin role):
 * shop settings, reasons and actions. Every change is audited.
 */
export const adminSettingsRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ settings: adminSettings(await getSettings(c.var.deps.db)) }))
  .patch('/', jsonBody(settingsPatchSchema), async (c) => {
    const { db, now } = c.var.deps;
    return c.json({ settings: await updateSettings(db, actorOf(c), c.req.valid('json'), now()) });
  })
  .get('/reasons', async (c) => c.json({ reasons: await listItems(c.var.deps.db, 'reason') }))
  .post('/reasons', jsonBody(reasonCreateSchema), async (c) => {
    const { db, now } = c.var.deps;
    return c.json({ reason: await createItem(db, actorOf(c), 'reason', c.req.valid('json'), now()) }, 201);
  })
  .put('/reasons/order', jsonBody(reorderSchema), async (c) => {
    const { db, now } = c.var.deps;
    await reorderItems(db, actorOf(c), 'reason', c.req.valid('json').ids, now());
    return c.json({ reasons: await listItems(db, 'reason') });
  })
  .patch('/reasons/:id', jsonBody(reasonPatchSchema), async (c) => {
    const { db, now } = c.var.deps;
    return c.json({ reason: await patchItem(db, actorOf(c), 'reason', idParam(c), c.req.valid('json'), now()) });
  })
  .delete('/reasons/:id', async (c) => {
    const { db, now } = c.var.deps;
    const { deleted, item } = await removeItem(db, actorOf(c), 'reason', idParam(c), now());
    return c.json({ deleted, reason: item });
  })
  .get('/actions', async (c) => c.json({ actions: await listItems(c.var.deps.db, 'action') }))
  .post('/actions', jsonBody(actionCreateSchema), async (c) => {
    const { db, now } = c.var.deps;
    return c.json({ action: await createItem(db, actorOf(c), 'action', c.req.valid('json'), now()) }, 201);
  })
  .put('/actions/order', jsonBody(reorderSchema), async (c) => {
    const { db, now } = c.var.deps;
    await reorderItems(db, actorOf(c), 'action', c.req.valid('json').ids, now());
    return c.json({ actions: await listItems(db, 'action') });
  })
  .patch('/actions/:id', jsonBody(actionPatchSchema), async (c) => {
    const { db, now } = c.var.deps;
    return c.json({ action: await patchItem(db, actorOf(c), 'action', idParam(c), c.req.valid('json'), now()) });
  })
  .delete('/actions/:id', async (c) => {
    const { db, now } = c.var.deps;
    const { deleted, item } = await removeItem(db, actorOf(c), 'action', idParam(c), now());
    return c.json({ deleted, action: item });
  });
