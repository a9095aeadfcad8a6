/**
 * `npm run sessions:end -- order|customer|staff|all`: ends every session of that kind at once. After
 * a leaked SHOP_SECRET: set a new SHOP_SECRET (without the leaked one in SHOP_SECRET_PREVIOUS), restart,
 * then end every order session (the sessions its portal links opened). Uses DATABASE_URL, or the
 * embedded database in DATA_DIR (stop the portal first).
 */
import type { SessionKind } from '../auth/sessions.ts';
import { commandArgs, fail } from './args.ts';
import { openForCommand } from './open.ts';

const KINDS: Record<string, SessionKind[]> = {
  order: ['order'],
  customer: ['customer'],
  staff: ['staff'],
  all: ['order', 'customer', 'staff']
};
const USAGE = 'Usage: npm run sessions:end -- order|customer|staff|all';
const { positionals } = commandArgs(USAGE, {});
const kinds = positionals.length === 1 ? KINDS[positionals[0]!] : undefined;
if (!kinds) fail(USAGE);

const { endAllSessions } = await import('../auth/sessions.ts');
const { database } = await openForCommand();
try {
  for (const kind of kinds) console.log(`Ended ${await endAllSessions(database.db, kind)} ${kind} session(s).`);
} finally {
  await database.close();
}
