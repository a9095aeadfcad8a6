import type { Db } from './client.ts';

/**
 * A query built and prepared once per database handle (drizzle's `.prepare()`): hot requests then
 * skip drizzle's per-call query building, and postgres.js reuses the server-side statement.
 */
export function preparedPer<Q>(build: (db: Db) => Q): (db: Db) => Q {
  const cache = new WeakMap<Db, Q>();
  return (db) => {
    let q = cache.get(db);
    if (!q) cache.set(db, (q = build(db)));
    return q;
  };
}
