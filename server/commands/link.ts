/**
 * `npm run link -- <order number> [--days 30] [--return] [--locale en|fr]`: prints a signed portal
 * link to that order (the format is in the README, "Put the portal in your emails"), signed with
 * SHOP_SECRET and built from PUBLIC_URL. It opens no database, so it runs beside the portal; the
 * order need not exist yet (a link to no order opens nothing).
 */
import { commandArgs, fail } from './args.ts';
import { configForCommand } from './open.ts';

const USAGE = 'Usage: npm run link -- <order number> [--days 30] [--return] [--locale en|fr]';
const MAX_DAYS = 366;

const parsed = commandArgs(USAGE, {
  days: { type: 'string', default: '30' },
  return: { type: 'boolean', default: false },
  locale: { type: 'string' }
});
const { values, positionals } = parsed;
if (positionals.length !== 1) fail(USAGE);
const { orderNumberField } = await import('#shared/schemas/integrations.ts');
const { buildPortalLink } = await import('../auth/portal-link.ts');
const number = orderNumberField.safeParse(positionals[0]);
if (!number.success) fail(`The order number must be letters, digits, ".", "_" or "-" (at most 64).\n\n${USAGE}`);
const days = Number(values.days);
if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) fail(`--days must be a whole number from 1 to ${MAX_DAYS}.\n\n${USAGE}`);
if (values.locale !== undefined && values.locale !== 'en' && values.locale !== 'fr') fail(`--locale must be en or fr.\n\n${USAGE}`);

const config = await configForCommand();
if (!config.shopSecret) fail('SHOP_SECRET is not set: portal links are signed with it (and refused without it).');
const exp = Math.floor(Date.now() / 1000) + days * 86_400;
console.log(
  buildPortalLink(config.publicUrl, config.shopSecret, {
    number: number.data,
    exp,
    to: values.return ? 'return' : 'order',
    lang: values.locale as 'en' | 'fr' | undefined
  })
);
