import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';

// Every command reads its arguments first (args.ts) and loads the rest only then, with `await
// import()`: `--help` or a refused argument answers at once instead of after loading zod, drizzle,
// the schema and a database driver (1.3–1.4 s → ~0.1 s on the 2-core CI machine).

/** For command-line tools: the config, or exit 1 with a message naming every bad variable. */
export async function configForCommand(): Promise<Config> {
  const { ConfigError, loadConfig } = await import('../config.ts');
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

/** For command-line tools: the config and the database, or exit 1 with a message saying what is wrong. */
export async function openForCommand(): Promise<{ config: Config; database: Database }> {
  const config = await configForCommand();
  const { openDatabase } = await import('../db/client.ts');
  try {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    return { config, database };
  } catch (err) {
    const where = config.databaseUrl
      ? 'the PostgreSQL server in DATABASE_URL'
      : `the embedded database in ${config.dataDir} (is the portal running? stop it first)`;
    console.error(`Cannot open ${where}: ${(err as Error).message}`);
    process.exit(1);
  }
}
