import { unknownVariables } from '#shared/email-templates.ts';
import { Hono } from 'hono';
import {
  actionCreateSchema,
  actionPatchSchema,
  emailPreviewSchema,
  emailTemplateSchema,
  reasonCreateSchema,
  reasonPatchSchema,
  reorderSchema,
  settingsPatchSchema
} from '#shared/schemas/staff.ts';
import type { ZodType } from 'zod';
import type { Db } from '../db/client.ts';
import type { AppEnv } from '../deps.ts';
import { actorOf, idParam } from '../http/request.ts';
import { jsonBody } from '../http/validate.ts';
import { previewReturnEmail } from '../outbound/templates.ts';
import { adminSettings, createItem, type ListKind, listItems, patchItem, removeItem, reorderItems, updateSettings } from './admin.ts';
import { listEmailTemplates, saveEmailTemplate, templateKey } from './email-templates.ts';
import { getSettings, publicSettings, returnToOf } from './views.ts';

export const publicSettingsRoutes = new Hono<AppEnv>().get('/', async (c) =>
  c.json({ shop: publicSettings(await getSettings(c.var.deps.db)) })
);

type Item = Awaited<ReturnType<typeof createItem>>;

/**
 * The routes of one of the admin's lists, `/reasons` or `/actions`: list, add, reorder, edit, remove.
 * The answers name one item by its `kind` ("reason") and the list by `plural` ("reasons").
 */
function listRoutes<
  K extends ListKind,
  P extends string,
  C extends ZodType<Parameters<typeof createItem>[3]>,
  U extends ZodType<Parameters<typeof patchItem>[4]>
>(kind: K, plural: P, createSchema: C, patchSchema: U) {
  const list = async (db: Db) => ({ [plural]: await listItems(db, kind) }) as Record<P, Awaited<ReturnType<typeof listItems>>>;
  const one = <T extends Item | null>(item: T) => ({ [kind]: item }) as Record<K, T>;
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json(await list(c.var.deps.db)))
    .post('/', jsonBody(createSchema), async (c) => {
      const { db, now } = c.var.deps;
      return c.json(one(await createItem(db, actorOf(c), kind, c.req.valid('json'), now())), 201);
    })
    .put('/order', jsonBody(reorderSchema), async (c) => {
      const { db, now } = c.var.deps;
      await reorderItems(db, actorOf(c), kind, c.req.valid('json').ids, now());
      return c.json(await list(db));
    })
    .patch('/:id', jsonBody(patchSchema), async (c) => {
      const { db, now } = c.var.deps;
      return c.json(one(await patchItem(db, actorOf(c), kind, idParam(c), c.req.valid('json'), now())));
    })
    .delete('/:id', async (c) => {
      const { db, now } = c.var.deps;
      const { deleted, item } = await removeItem(db, actorOf(c), kind, idParam(c), now());
      return c.json({ deleted, ...one(item) });
    });
}

/**
 * The admin settings (mounted under /api/staff/settings, behind the staff session and admin role):
 * shop settings, reasons and actions, notification email texts. Every change is audited.
 */
export const adminSettingsRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ settings: adminSettings(await getSettings(c.var.deps.db)) }))
  .patch('/', jsonBody(settingsPatchSchema), async (c) => {
    const { db, now } = c.var.deps;
    return c.json({ settings: await updateSettings(db, actorOf(c), c.req.valid('json'), now()) });
  })
  .route('/reasons', listRoutes('reason', 'reasons', reasonCreateSchema, reasonPatchSchema))
  .route('/actions', listRoutes('action', 'actions', actionCreateSchema, actionPatchSchema))
  .get('/emails', async (c) => c.json(await listEmailTemplates(c.var.deps.db)))
  // Renders an unsaved text with sample values, exactly as a real email would be; writes nothing.
  .post('/emails/preview', jsonBody(emailPreviewSchema), async (c) => {
    const { state, locale, subject, body } = c.req.valid('json');
    // Variables a save would refuse are named here too, so the preview never looks fine when it is not.
    const unknown = [...new Set([...unknownVariables(subject), ...unknownVariables(body)])];
    const returnTo = returnToOf(await getSettings(c.var.deps.db));
    return c.json({
      ...previewReturnEmail({ subject, body }, state, locale, c.var.deps.config.publicUrl, returnTo),
      unknownVariables: unknown
    });
  })
  .put(
    '/emails/:state/:locale',
    // An unknown state or language is a 404 whatever the body.
    async (c, next) => {
      templateKey(c.req.param('state'), c.req.param('locale'));
      await next();
    },
    jsonBody(emailTemplateSchema),
    async (c) => {
      const { db, now } = c.var.deps;
      const key = templateKey(c.req.param('state'), c.req.param('locale'));
      return c.json({ template: await saveEmailTemplate(db, actorOf(c), key, c.req.valid('json'), now()) });
    }
  );
