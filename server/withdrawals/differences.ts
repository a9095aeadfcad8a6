import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { customers, type orders, type withdrawals } from '../db/schema.ts';

/** What may differ between a statement and the order staff attach it to. */
export type Difference = 'email' | 'name';

/** A name as people write it: case, accents, punctuation and spacing ignored ("Chloé  Dupont" = "chloe dupont"). */
export function comparableName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Whether a statement's name is the customer's: the same words in any order ("Dupont Chloé"), or
 * the customer has no name on record to compare with.
 */
export function sameName(statementName: string, customer: { firstName: string; lastName: string }): boolean {
  const theirs = comparableName(`${customer.firstName} ${customer.lastName}`);
  if (!theirs) return true;
  const words = (s: string) => s.split(' ').sort().join(' ');
  return words(comparableName(statementName)) === words(theirs);
}

/** The statement's email (case ignored) and name against the order's: what staff must confirm before attaching. */
export function differences(
  statement: { email: string; name: string },
  order: { email: string },
  customer: { firstName: string; lastName: string } | null
): Difference[] {
  const found: Difference[] = [];
  if (statement.email.toLowerCase() !== order.email.toLowerCase()) found.push('email');
  if (customer && !sameName(statement.name, customer)) found.push('name');
  return found;
}

/** differences, reading the order's customer. */
export async function differencesFrom(
  db: Db,
  statement: typeof withdrawals.$inferSelect,
  order: typeof orders.$inferSelect
): Promise<Difference[]> {
  const [customer] = await db
    .select({ firstName: customers.firstName, lastName: customers.lastName })
    .from(customers)
    .where(eq(customers.id, order.customerId));
  return differences(statement, order, customer ?? null);
}
