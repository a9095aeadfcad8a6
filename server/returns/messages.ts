import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { returnMessages } from '../db/schema.ts';
import type { StaffActor } from '../deps.ts';

/**
 * Adds a staff member's message to the customer to the return's thread; a blank text adds nothing.
 * Answers the text kept (trimmed), or null.
 */
export async function addMessage(tx: Db, returnId: number, actor: StaffActor, text: string | undefined, now: Date): Promise<string | null> {
  const body = text?.trim() ?? '';
  if (!body) return null;
  await tx.insert(returnMessages).values({ returnId, body, authorRole: actor.role, authorStaffId: actor.id, createdAt: now });
  return body;
}

/** The shop's messages of a return, oldest first: text, when and the author's role (never who). */
export async function messagesOf(db: Db, returnId: number): Promise<{ body: string; at: string; authorRole: 'staff' | 'admin' }[]> {
  const rows = await db
    .select({ body: returnMessages.body, at: returnMessages.createdAt, authorRole: returnMessages.authorRole })
    .from(returnMessages)
    .where(eq(returnMessages.returnId, returnId))
    .orderBy(asc(returnMessages.createdAt), asc(returnMessages.id));
  return rows.map((r) => ({ body: r.body, at: r.at.toISOString(), authorRole: r.authorRole as 'staff' | 'admin' }));
}
