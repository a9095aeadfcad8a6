/**
 * `npm run seed:demo [-- --force]`: seeds the demo shop into the configured database (PostgreSQL
 * or embedded). Refuses a database holding orders, customers or staff unless `--force`; every demo
 * account gets a fresh password, printed once (never the public demo passwords); one transaction.
 */
import { commandArgs } from './args.ts';
import { openForCommand } from './open.ts';

const USAGE = `Usage: npm run seed:demo [-- --force]
  --force   seed even though the database holds orders, customers or staff (the shop's settings stay)`;

const { values, positionals } = commandArgs(USAGE, { force: { type: 'boolean' } });
if (positionals.length) {
  console.error(USAGE);
  process.exit(1);
}
const force = values.force ?? false;

const { hashPassword } = await import('../auth/passwords.ts');
const { DEMO_ACCOUNTS, seedDemoCommand } = await import('../db/seed-demo.ts');
const { generatePassword } = await import('../staff/accounts.ts');
const { database } = await openForCommand();
let code = 0;
try {
  const outcome = await seedDemoCommand(database.db, { force, hashPassword, newPassword: generatePassword });
  if (outcome.seeded) {
    const p = outcome.passwords;
    console.log('Demo shop seeded. One-time passwords, shown only now:');
    console.log(`  Shopper:        ${DEMO_ACCOUNTS.shopper.email} / ${p.shopper}`);
    console.log(`  French shopper: ${DEMO_ACCOUNTS.frenchShopper.email} / ${p.frenchShopper}`);
    console.log(`  Admin:          ${DEMO_ACCOUNTS.admin.email} / ${p.admin}`);
    console.log(`  Staff:          ${DEMO_ACCOUNTS.staff.email} / ${p.staff}`);
    console.log(`  French guest (no password): ${DEMO_ACCOUNTS.frenchGuest.email}`);
  } else if (outcome.reason === 'has_data') {
    const e = outcome.existing;
    console.error(
      `Nothing seeded: this database already holds ${e.orders} order(s), ${e.customers} customer(s) and ${e.staff} staff account(s).`
    );
    console.error(
      'The demo shop is for an empty database. To add it anyway (the shop settings stay as they are): npm run seed:demo -- --force'
    );
    code = 1;
  } else {
    console.error(`Nothing seeded (everything was rolled back): a demo row is already there (${outcome.detail}).`);
    code = 1;
  }
} finally {
  await database.close();
}
process.exit(code);
