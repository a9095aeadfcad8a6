import { sql, type SQL } from 'drizzle-orm';
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

type Message = { body: string; at: string; authorRole: 'staff' | 'admin' };

/**
 * The shop's messages of the return whose id is `returnId`, oldest first, as one JSON value: text,
 * when and the author's role (never who). A fragment, so a hot read folds it into its own statement.
 */
export const messagesJson = (returnId: SQL | number) =>
  sql<Message[]>`(select coalesce(json_agg(json_build_object('body', m.body, 'at', m.created_at, 'authorRole', m.author_role)
    order by m.created_at, m.id), '[]') from ${returnMessages} m where m.return_id = ${returnId})`;

/** The dates of `messagesJson` in ISO form (JSON carries PostgreSQL's own timestamp text). */
export const messagesFromJson = (rows: Message[]): Message[] => rows.map((m) => ({ ...m, at: new Date(m.at).toISOString() }));
