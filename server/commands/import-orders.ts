/**
 * `npm run orders:import -- <file.json>`: imports a JSON file holding an array of orders, each in
 * the shape the shop pushes to POST /api/integrations/orders (created or updated by order number).
 * Prints how many were created, updated, unchanged and refused, naming each refused order with the
 * reason; exits 1 when any was refused. Uses DATABASE_URL, or the embedded database in DATA_DIR
 * (stop the portal first: only one process may open it).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importOrders } from '../integrations/import.ts';
import { openForCommand } from './open.ts';

const USAGE = 'Usage: npm run orders:import -- <file.json>   (the file holds a JSON array of orders)';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const args = process.argv.slice(2);
if (args.length !== 1 || args[0] === '--help' || args[0] === '-h') fail(USAGE);
// npm runs scripts from the package's folder; a relative path is the caller's (INIT_CWD).
const file = resolve(process.env.INIT_CWD ?? process.cwd(), args[0]!);

let list: unknown;
try {
  list = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  fail(`Cannot read ${file}: ${(err as Error).message}`);
}
if (!Array.isArray(list)) fail(`${file} must hold a JSON array of orders.\n\n${USAGE}`);

const { database } = await openForCommand();

let summary: Awaited<ReturnType<typeof importOrders>>;
try {
  summary = await importOrders(database.db, list, () => new Date());
} finally {
  await database.close();
}
for (const r of summary.refused) {
  const fields = r.fields
    ? ` (${Object.entries(r.fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')})`
    : '';
  console.error(`refused #${r.index + 1}${r.number ? ` order ${r.number}` : ''}: ${r.code}: ${r.message}${fields}`);
}
console.log(`created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, refused ${summary.refused.length}`);
process.exit(summary.refused.length ? 1 : 0);
