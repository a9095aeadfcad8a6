/**
 * `npm run backup -- FILE`: writes the embedded database (DATA_DIR) to FILE, a gzipped tar of its
 * data directory (PGlite's dumpDataDir). Stop the portal first: only one process may open the
 * directory. To restore, unpack it into an empty DATA_DIR (`mkdir data && tar -xzf FILE -C data`)
 * and start the portal, which applies any newer migrations. With DATABASE_URL, use pg_dump instead
 * (README, "Back up and restore").
 */
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { commandArgs, fail } from './args.ts';
import { configForCommand } from './open.ts';

const USAGE = `Usage: npm run backup -- FILE
  Writes the embedded database in DATA_DIR (default ./data) to FILE, a .tar.gz of its data directory.
  Stop the portal first. Restore: mkdir data && tar -xzf FILE -C data, then start the portal.
  With DATABASE_URL set, back up PostgreSQL with pg_dump instead.`;

const { positionals } = commandArgs(USAGE, {});
const file = positionals.length === 1 ? positionals[0]! : fail(USAGE);

const config = await configForCommand();
if (config.databaseUrl) {
  fail('DATABASE_URL is set: back up PostgreSQL with pg_dump, e.g. pg_dump --format=custom --file=reprise.dump "$DATABASE_URL"');
}
if (!existsSync(config.dataDir) || readdirSync(config.dataDir).length === 0) fail(`There is no embedded database in ${config.dataDir}.`);
if (existsSync(file)) fail(`${file} already exists: name a new file.`);

const { PGlite } = await import('@electric-sql/pglite');
let client;
try {
  client = new PGlite(config.dataDir);
  await client.waitReady;
} catch (err) {
  fail(`Cannot open the embedded database in ${config.dataDir} (is the portal running? stop it first): ${(err as Error).message}`);
}
// Written beside FILE under another name, then renamed: FILE is never a half-written backup.
const partial = `${file}.partial`;
try {
  const dump = await client.dumpDataDir('gzip');
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, file);
  console.log(`Backed up ${config.dataDir} to ${file} (${(dump.size / 1_048_576).toFixed(1)} MB).`);
} catch (err) {
  rmSync(partial, { force: true });
  fail(`The backup failed: ${(err as Error).message}`);
} finally {
  await client.close();
}
