/**
 * `npm run orders:import -- <file.json>`: imports a JSON file holding an array of orders, each in
 * the shape the shop pushes to POST /api/integrations/orders (created or updated by order number).
 * Prints how many were created, updated, unchanged and refused, naming each refused order with the
 * reason; exits 1 when any was refused. `--dry-run` checks everything and writes nothing. Progress
 * goes to stderr (a counter on a terminal, a line every 500 orders otherwise). Uses DATABASE_URL, or the embedded database in DATA_DIR
 * (stop the portal first: only one process may open it).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importOrders } from '../integrations/import.ts';
import { commandArgs, fail } from './args.ts';
import { openForCommand } from './open.ts';

const USAGE = `Usage: npm run orders:import -- <file.json> [--dry-run]   (the file holds a JSON array of orders)
  --dry-run   check every order as a real import would, and write nothing`;

const parsed = commandArgs(USAGE, { 'dry-run': { type: 'boolean' } });
if (parsed.positionals.length !== 1) fail(USAGE);
const dryRun = parsed.values['dry-run'] === true;
// npm runs scripts from the package's folder; a relative path is the caller's (INIT_CWD).
const file = resolve(process.env.INIT_CWD ?? process.cwd(), parsed.positionals[0]!);

/** A counter rewritten in place on a terminal; a line every 500 orders in a log. */
function progress(done: number, total: number) {
  if (process.stderr.isTTY) {
    if (done % 25 === 0 || done === total) process.stderr.write(`\r${done}/${total} orders${done === total ? '\n' : ''}`);
  } else if (done > 0 && (done % 500 === 0 || (done === total && total >= 500))) {
    process.stderr.write(`${done}/${total} orders\n`);
  }
}

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
  summary = await importOrders(database.db, list, () => new Date(), { dryRun, onProgress: progress });
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
const counts = `created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, refused ${summary.refused.length}`;
console.log(dryRun ? `dry run, nothing was written: would have ${counts}` : counts);
process.exit(summary.refused.length ? 1 : 0);
