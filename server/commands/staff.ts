/**
 * `npm run staff -- add <email> --role admin|staff [--name "Full Name"]`: adds a staff account and
 * prints a one-time password (only its hash is stored).
 * `npm run staff -- list`, `npm run staff -- disable <email>`, `npm run staff -- reset-password <email>`.
 * Uses DATABASE_URL, or the embedded database in DATA_DIR (stop the portal first: only one process may open it).
 */
import { commandArgs, fail } from './args.ts';
import { openForCommand } from './open.ts';

const USAGE = `Usage:
  npm run staff -- add <email> --role admin|staff [--name "Full Name"]
  npm run staff -- list
  npm run staff -- disable <email>
  npm run staff -- reset-password <email>`;

const { values, positionals } = commandArgs(USAGE, { role: { type: 'string' }, name: { type: 'string' } });
const { z } = await import('zod');
const { emailField } = await import('#shared/schemas/auth.ts');
const [command, emailArg] = positionals;
if (!command) fail(USAGE);
if (!['add', 'list', 'disable', 'reset-password'].includes(command)) fail(`Unknown command "${command}".\n\n${USAGE}`);

let email = '';
if (command !== 'list') {
  const checked = emailField.safeParse(emailArg ?? '');
  if (!checked.success) fail(`Give a valid email address.\n\n${USAGE}`);
  email = checked.data;
}
let role: 'admin' | 'staff' = 'staff';
if (command === 'add') {
  const r = z.enum(['admin', 'staff']).safeParse(values.role);
  if (!r.success) fail(`--role must be admin or staff.\n\n${USAGE}`);
  role = r.data;
}
const name = (values.name ?? '').trim() || email.split('@')[0]!;

const { eq } = await import('drizzle-orm');
const { hashPassword, productionPasswords } = await import('../auth/passwords.ts');
const { deleteUserSessions } = await import('../auth/sessions.ts');
const { staffUsers } = await import('../db/schema.ts');
const { ApiError } = await import('../http/errors.ts');
const { addStaff, generatePassword, listStaff, setStaffDisabled } = await import('../staff/accounts.ts');
const { writeAudit } = await import('../audit/write.ts');
const { database } = await openForCommand();

const system = { type: 'system' as const, id: null };
const now = new Date();
try {
  const { db } = database;
  if (command === 'list') {
    const accounts = await listStaff(db);
    if (accounts.length === 0) console.log('No staff accounts yet.');
    for (const a of accounts) console.log(`${a.email}\t${a.role}\t${a.name}${a.disabled ? '\t(disabled)' : ''}`);
  } else if (command === 'add') {
    const { account, password } = await addStaff(db, system, { email, name, role }, now, productionPasswords);
    console.log(`Added ${account.role} ${account.email} (${account.name}).`);
    console.log(`One-time password: ${password}`);
    console.log('It is shown only once: hand it over safely and ask them to change it after signing in.');
  } else {
    const [row] = await db.select().from(staffUsers).where(eq(staffUsers.email, email)).limit(1);
    if (!row) fail(`No staff account for ${email}.`);
    if (command === 'disable') {
      await setStaffDisabled(db, system, row.id, true, now);
      console.log(`Disabled ${email}; their sessions have ended.`);
    } else {
      const password = generatePassword();
      const passwordHash = await hashPassword(password);
      await db.transaction(async (tx) => {
        await tx.update(staffUsers).set({ passwordHash }).where(eq(staffUsers.id, row.id));
        await deleteUserSessions(tx, 'staff', row.id);
        await writeAudit(tx, system, { entity: 'staff', entityId: row.id, action: 'password_reset', changes: {}, now });
      });
      console.log(`New one-time password for ${email}: ${password} (their sessions have ended)`);
    }
  }
} catch (err) {
  if (err instanceof ApiError) fail(err.message);
  throw err;
} finally {
  await database.close();
}
