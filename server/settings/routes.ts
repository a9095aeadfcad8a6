import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { getSettings, publicSettings } from './service.ts';

export const publicSettingsRoutes = new Hono<AppEnv>().get('/', async (c) =>
  c.json({ shop: publicSettings(await getSettings(c.var.deps.db)) })
);
