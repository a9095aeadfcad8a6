import { randomInt } from 'node:crypto';
import { and, asc, eq, ne } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { staffSessions, staffUsers } from '../db/schema.ts';
import type { Passwords } from '../auth/passwords.ts';
import { isCommonPassword, refuseCommonPassword } from '../auth/password-rules.ts';
import { deleteUserSessions } from '../auth/sessions.ts';
import { releaseAttempt, reserveOrRefuse, throttleKeys } from '../auth/throttle.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { writeAudit } from '../audit/write.ts';

type Actor = { type: 'staff' | 'system'; id: number | null };

/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A random password of 4 groups of 5 characters (about 99 bits), e.g. `k7mqz-…`; never one of the common-password list. */
export function generatePassword(): string {
  for (;;) {
    const groups = [];
    for (let g = 0; g < 4; g++) {
      let group = '';
      for (let i = 0; i < 5; i++) group += ALPHABET[randomInt(ALPHABET.length)];
      groups.push(group);
    }
    const password = groups.join('-');
    if (!isCommonPassword(password)) return password;
  }
}

const view = (r: typeof staffUsers.$inferSelect) => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role as 'staff' | 'admin',
  disabled: r.disabledAt !== null,
  disabledAt: r.disabledAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString()
});
export type StaffAccount = ReturnType<typeof view>;

export async function listStaff(db: Db) {
  const rows = await db.select().from(staffUsers).orderBy(asc(staffUsers.email));
  return rows.map(view);
}

/**
 * Adds a staff account with a generated password, returned once (only its hash is kept).
 * Used by the admin page and by `npm run staff -- add`.
 */
export async function addStaff(
  db: Db,
  actor: Actor,
  input: { email: string; name: string; role: 'staff' | 'admin' },
  now: Date,
  passwords: Passwords
): Promise<{ account: StaffAccount; password: string }> {
  const password = generatePassword();
  const passwordHash = await passwords.hash(password);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(staffUsers)
      .values({ email: input.email, name: input.name, role: input.role, passwordHash, createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (!row)
      throw new ApiError(409, 'email_taken', 'A staff account with this email already exists.', { fields: { email: 'email_taken' } });
    await writeAudit(tx, actor, {
      entity: 'staff',
      entityId: row.id,
      action: 'created',
      changes: { email: [null, row.email], name: [null, row.name], role: [null, row.role] },
      now
    });
    return { account: view(row), password };
  });
}

/** Disables (and ends every session of) a staff account, or enables it again. */
export async function setStaffDisabled(db: Db, actor: Actor, id: number, disabled: boolean, now: Date): Promise<StaffAccount> {
  if (disabled && actor.type === 'staff' && actor.id === id) {
    throw new ApiError(422, 'cannot_disable_self', 'You cannot disable your own account.');
  }
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(staffUsers).where(eq(staffUsers.id, id)).for('update');
    if (!before) throw notFound('No such staff account.');
    if ((before.disabledAt !== null) === disabled) return view(before);
    const [after] = await tx
      .update(staffUsers)
      .set({ disabledAt: disabled ? now : null })
      .where(eq(staffUsers.id, id))
      .returning();
    if (disabled) await deleteUserSessions(tx, 'staff', id);
    await writeAudit(tx, actor, {
      entity: 'staff',
      entityId: id,
      action: disabled ? 'disabled' : 'enabled',
      changes: { disabled: [!disabled, disabled] },
      now
    });
    return view(after!);
  });
}

/**
 * A staff member changes their own password (e.g. the one-time password they were given); one in the
 * common-password list is refused, as for shoppers; their other sessions end. The current password is a guess like a sign-in, so it counts on the same throttle keys.
 */
export async function changeOwnPassword(
  db: Db,
  me: { id: number; sessionId: string },
  currentPassword: string,
  newPassword: string,
  opts: { now: Date; address: string; passwords: Passwords }
): Promise<void> {
  const { now } = opts;
  const staffId = me.id;
  const wrong = () =>
    new ApiError(422, 'wrong_password', 'The current password is not right.', { fields: { currentPassword: 'wrong_password' } });
  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, staffId)).limit(1);
  if (!row) throw wrong();
  const keys = throttleKeys('staff', row.email, opts.address);
  await reserveOrRefuse(db, keys, now, 'Too many wrong passwords. Try again later.');
  if (!(await opts.passwords.verify(row.passwordHash, currentPassword))) throw wrong();
  await releaseAttempt(db, keys);
  refuseCommonPassword(newPassword, 'newPassword');
  const passwordHash = await opts.passwords.hash(newPassword);
  await db.transaction(async (tx) => {
    await tx.update(staffUsers).set({ passwordHash }).where(eq(staffUsers.id, staffId));
    await tx.delete(staffSessions).where(and(eq(staffSessions.staffId, staffId), ne(staffSessions.id, me.sessionId)));
    await writeAudit(
      tx,
      { type: 'staff', id: staffId },
      { entity: 'staff', entityId: staffId, action: 'password_changed', changes: {}, now }
    );
  });
}
