/**
 * `npm run orders:import -- <file.json>`: imports a JSON file holding an array of orders, each in
 * the shape the shop pushes to POST /api/integrations/orders (created or updated by order number).
 * `npm run orders:import -- --from shopify|woocommerce <file.csv>`: imports the platform's own order
 * export instead (one row per line item, read by header name, streamed: any size in bounded memory),
 * mapped as that platform's webhooks are (`server/connectors/csv/`).
 * Prints how many were created, updated, unchanged and refused, naming each refused order (and, for
 * a CSV, its line) with the reason; exits 1 when any was refused. `--dry-run` checks everything and
 * writes nothing. Progress goes to stderr (a counter on a terminal, a line every 500 orders
 * otherwise). Uses DATABASE_URL, or the embedded database in DATA_DIR (stop the portal first: only
 * one process may open it).
 */
import { accessSync, constants, createReadStream, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ImportSummary } from '../integrations/import.ts';
import { commandArgs, fail } from './args.ts';
import { openForCommand } from './open.ts';

const USAGE = `Usage: npm run orders:import -- <file.json> [--dry-run]   (the file holds a JSON array of orders)
       npm run orders:import -- --from shopify|woocommerce <file.csv> [--dry-run]
  --from      read the platform's own order export CSV (Shopify: Orders → Export; WooCommerce: the
              Customer / Order / Coupon Export "Default - One Row per Item" format), by header name
  --dry-run   check every order as a real import would, and write nothing`;

const parsed = commandArgs(USAGE, { 'dry-run': { type: 'boolean' }, from: { type: 'string' } });
if (parsed.positionals.length !== 1) fail(USAGE);
const { importCsvOrders, isCsvPlatform, CSV_FORMATS } = await import('../connectors/csv/import.ts');
const { CsvHeaderError } = await import('../connectors/csv/rows.ts');
const { importOrders } = await import('../integrations/import.ts');
const dryRun = parsed.values['dry-run'] === true;
const from = parsed.values.from;
if (from !== undefined && !isCsvPlatform(from)) fail(`--from must be one of ${Object.keys(CSV_FORMATS).join(', ')}.\n\n${USAGE}`);
// npm runs scripts from the package's folder; a relative path is the caller's (INIT_CWD).
const file = resolve(process.env.INIT_CWD ?? process.cwd(), parsed.positionals[0]!);

/** A counter rewritten in place on a terminal; a line every 500 orders in a log (the total when known). */
function progress(done: number, total?: number) {
  const of = total === undefined ? '' : `/${total}`;
  const last = done === total;
  if (process.stderr.isTTY) {
    if (done % 25 === 0 || last) process.stderr.write(`\r${done}${of} orders${last ? '\n' : ''}`);
  } else if (done > 0 && (done % 500 === 0 || (last && total >= 500))) {
    process.stderr.write(`${done}${of} orders\n`);
  }
}

function report(summary: ImportSummary) {
  for (const r of summary.refused) {
    const fields = r.fields
      ? ` (${Object.entries(r.fields)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ')})`
      : '';
    const where = r.line === undefined ? `#${r.index + 1}` : `line ${r.line}`;
    console.error(`refused ${where}${r.number ? ` order ${r.number}` : ''}: ${r.code}: ${r.message}${fields}`);
  }
  if (from && process.stderr.isTTY) process.stderr.write('\n');
  const counts = `created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, refused ${summary.refused.length}`;
  console.log(dryRun ? `dry run, nothing was written: would have ${counts}` : counts);
}

let list: unknown[] = [];
if (from) {
  try {
    accessSync(file, constants.R_OK); // fail before opening the database, with the same words as for JSON
  } catch (err) {
    fail(`Cannot read ${file}: ${(err as Error).message}`);
  }
} else {
  try {
    const read: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!Array.isArray(read)) fail(`${file} must hold a JSON array of orders.\n\n${USAGE}`);
    list = read;
  } catch (err) {
    fail(`Cannot read ${file}: ${(err as Error).message}`);
  }
}

const { config, database } = await openForCommand();

let summary: ImportSummary;
try {
  summary = from
    ? await importCsvOrders(database.db, createReadStream(file), from, () => new Date(), {
        deliveryDays: config.connectorDeliveryDays,
        dryRun,
        onProgress: (done) => progress(done)
      })
    : await importOrders(database.db, list, () => new Date(), { dryRun, onProgress: progress });
} catch (err) {
  if (!(err instanceof CsvHeaderError)) throw err;
  await database.close();
  fail(`${file}: ${err.message}`);
} finally {
  await database.close();
}
report(summary);
process.exit(summary.refused.length ? 1 : 0);
