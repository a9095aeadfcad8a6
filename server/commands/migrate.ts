/**
 * `npm run db:migrate`: applies the pending migrations to DATABASE_URL (or the embedded database)
 * and exits. Run it as the role that owns the tables when the app itself runs as a role that does
 * not (README, "Run the app as a role that does not own its tables").
 */
import { commandArgs, fail } from './args.ts';
import { openForCommand } from './open.ts';

const USAGE = 'Usage: npm run db:migrate   (applies the pending migrations, then exits)';
if (commandArgs(USAGE, {}).positionals.length) fail(USAGE);

const { database } = await openForCommand();
await database.close();
console.log('The database is up to date.');
