import { ConfigError, loadConfig, type Config } from '../config.ts';
import { openDatabase, type Database } from '../db/client.ts';

/** For command-line tools: the config, or exit 1 with a message naming every bad variable. */
export function configForCommand(): Config {
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
  const config = configForCommand();
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
