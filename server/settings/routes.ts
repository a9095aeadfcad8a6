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
import type { AppEnv } from '../deps.ts';
import { actorOf, idParam } from '../http/request.ts';
import { jsonBody } from '../http/validate.ts';
import { previewReturnEmail } from '../outbound/templates.ts';
import { adminSettings, createItem, listItems, patchItem, removeItem, reorderItems, updateSettings } from './admin.ts';
import { listEmailTemplates, saveEmailTemplate, templateKey } from './email-templates.ts';
import { getSettings, publicSettings, returnToOf } from './views.ts';

export const publicSettingsRoutes = new Hono<AppEnv>().get('/', async (c) =>
  c.json({ shop: publicSettings(await getSettings(c.var.deps.db)) })
);

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
  })
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
