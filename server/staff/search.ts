/**
 * What the staff search box matches, for the queue (views.ts) and the order search (orders.ts):
 * the beginning of a return number or an order number (any case: "r-1020" finds R-1020-1), the
 * email on the order (whole), the beginning of a customer's email, or the beginning of a customer's
 * name, first name first or last name alone, accents and case ignored ("chloe" finds Chloé Petit).
 *
 * Each step is an `= any(array(…))` of the ids the step before found, each found by an index
 * (db/search.ts and schema.ts): never a scan of customers, orders or returns, where a join would
 * hash whole tables for a broad prefix. The column expressions are db/search.ts's, the same as the
 * indexes', so the planner matches them; the patterns are parameters, folded by the same function.
 */
import { sql, type SQL } from 'drizzle-orm';
import { likePrefix } from '../db/like.ts';
import { customers, orders, returns } from '../db/schema.ts';
import { foldedFullName, foldedLastName, foldedText, loweredNumber } from '../db/search.ts';

/** The search text, trimmed; undefined when there is nothing to search for. */
export const searchText = (q: string | undefined): string | undefined => q?.trim() || undefined;

/** Customers whose email or name begins with `text`. */
function customerIds(text: string): SQL<number[]> {
  const email = likePrefix(text.toLowerCase());
  const name = foldedText(likePrefix(text));
  return sql<number[]>`array(select ${customers.id} from ${customers}
    where ${customers.email} like ${email}
      or ${foldedFullName(customers.firstName, customers.lastName)} like ${name}
      or ${foldedLastName(customers.lastName)} like ${name})`;
}

/** Orders whose number begins with `text` (any case), or whose email is `text`. */
function orderIds(text: string): SQL<number[]> {
  const lower = text.toLowerCase();
  return sql<number[]>`array(select ${orders.id} from ${orders}
    where ${loweredNumber(orders.number)} like ${likePrefix(lower)} or ${orders.email} = ${lower})`;
}

/** Returns whose number begins with `text` (any case). */
function returnIds(text: string): SQL<number[]> {
  return sql<
    number[]
  >`array(select ${returns.id} from ${returns} where ${loweredNumber(returns.number)} like ${likePrefix(text.toLowerCase())})`;
}

/** The ids of the returns the search matches: by their number, their order, their customer. */
export function returnsMatching(text: string): SQL<number[]> {
  return sql<number[]>`(${returnIds(text)}
    || array(select ${returns.id} from ${returns} where ${returns.orderId} = any(${orderIds(text)}))
    || array(select ${returns.id} from ${returns} where ${returns.customerId} = any(${customerIds(text)})))`;
}

/** The ids of the orders the search matches: by their number or email, one of their returns' number, their customer. */
export function ordersMatching(text: string): SQL<number[]> {
  return sql<number[]>`(${orderIds(text)}
    || array(select ${returns.orderId} from ${returns} where ${returns.id} = any(${returnIds(text)}))
    || array(select ${orders.id} from ${orders} where ${orders.customerId} = any(${customerIds(text)})))`;
}
