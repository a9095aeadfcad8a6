/**
 * The forms of a name or number the staff search compares, one definition for the indexes
 * (schema.ts) and the queries (staff/search.ts) so the planner matches them: a name folded by the
 * database's `search_fold` (lower case, accents and ligatures off; the staff_search migration),
 * a number in lower case. Both are matched by their beginning (LIKE 'x%', text_pattern_ops).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** "Chloé Petit" → "chloe petit": the first name, a space, the last name. */
export const foldedFullName = (first: AnyPgColumn, last: AnyPgColumn): SQL => sql`search_fold(${first} || ' ' || ${last})`;

/** "Petit" → "petit". */
export const foldedLastName = (last: AnyPgColumn): SQL => sql`search_fold(${last})`;

/** "R-1020-1" → "r-1020-1". */
export const loweredNumber = (number: AnyPgColumn): SQL => sql`lower(${number})`;

/** The search text as the database folds names (the same function as the index). */
export const foldedText = (text: string): SQL => sql`search_fold(${text})`;
