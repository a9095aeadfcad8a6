/**
 * `npm run customer -- export <email>`: prints, as JSON, everything Reprise holds about a customer.
 * `npm run customer -- erase <email> --yes`: replaces their personal data by placeholders (refused
 * while one of their returns is open). Both are recorded in the audit trail.
 * Uses DATABASE_URL, or the embedded database in DATA_DIR (stop the portal first).
 */
import { commandArgs, fail } from './args.ts';
import { openForCommand } from './open.ts';

const USAGE = `Usage:
  npm run customer -- export <email>        print all Reprise holds about the customer, as JSON
  npm run customer -- erase <email> --yes   replace their personal data by placeholders (not undoable)`;

const parsed = commandArgs(USAGE, { yes: { type: 'boolean' } });
const { values, positionals } = parsed;
const [command, email] = positionals;
if (command !== 'export' && command !== 'erase') fail(command ? `Unknown command "${command}".\n\n${USAGE}` : USAGE);
if (!email || positionals.length > 2) fail(`Give one customer's email.\n\n${USAGE}`);
if (command === 'erase' && !values.yes) fail(`Erasing cannot be undone: add --yes to confirm.\n\n${USAGE}`);

const { eraseCustomer, exportCustomer } = await import('../customers/privacy.ts');
const { ApiError } = await import('../http/errors.ts');
const { database } = await openForCommand();
try {
  if (command === 'export') {
    console.log(JSON.stringify(await exportCustomer(database.db, email, new Date()), null, 2));
  } else {
    const done = await eraseCustomer(database.db, email, new Date());
    console.log(
      `Erased: the customer is now ${done.placeholder} (${done.orders} orders, ${done.returns} returns, ${done.emails} emails kept without their personal data).`
    );
  }
} catch (err) {
  if (err instanceof ApiError) {
    process.exitCode = 1;
    console.error(err.message);
  } else throw err;
} finally {
  await database.close();
}
