import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { desc, eq } from 'drizzle-orm';
import { createApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { openDatabase, type Database } from './db/client.ts';
import { ensureDefaults } from './db/defaults.ts';
import { hashPassword } from './auth/passwords.ts';
import { buildPortalLink } from './auth/portal-link.ts';
import { customers, orders } from './db/schema.ts';
import { DEMO_ACCOUNTS, seedDemo } from './db/seed-demo.ts';
import { createMetrics } from './health/metrics.ts';
import { createLogger, type Logger } from './http/log.ts';
import { startPurge } from './maintenance/purge.ts';
import { startEmailRelay, startWebhookRelay } from './outbound/relay.ts';
import { startWithdrawalMatcher } from './withdrawals/matcher.ts';
import { contextOf } from './deps.ts';

const buildDir = fileURLToPath(new URL('../build', import.meta.url));

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** The configuration, or the first thing wrong with it (and exit 1). */
function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
}

async function databaseOrExit(config: Config): Promise<Database> {
  try {
    return await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (err) {
    const where = config.databaseUrl ? 'the PostgreSQL server in DATABASE_URL' : `the embedded database in ${config.dataDir}`;
    fail(`Cannot open ${where}: ${(err as Error).message}`);
  }
}

type RelayOptions = { logger: Logger; onFailure: (f: { kind: 'email' | 'webhook' }) => void };

/** Without SMTP the emails stay in the outbox, readable on the staff Emails page. */
async function startSmtpRelay(database: Database, config: Config, opts: RelayOptions) {
  if (!config.smtpUrl) return undefined;
  const { createTransport } = await import('nodemailer');
  // Bounded waits, so one stuck SMTP server cannot hold a claimed email past its lease.
  const smtp = new URL(config.smtpUrl);
  for (const [k, v] of [
    ['connectionTimeout', '10000'],
    ['greetingTimeout', '10000'],
    ['socketTimeout', '30000']
  ]) {
    if (!smtp.searchParams.has(k)) smtp.searchParams.set(k, v);
  }
  return startEmailRelay(database.db, createTransport(smtp.toString()), {
    from: config.mailFrom,
    messageIdHost: config.publicUrl.hostname,
    ...opts
  });
}

/** A ready signed portal link to the French guest's newest order, so a newcomer can try that way in too. */
async function demoPortalLink(database: Database, config: Config): Promise<string | undefined> {
  if (database.kind !== 'pglite' || !config.shopSecret) return undefined;
  const [newest] = await database.db
    .select({ number: orders.number })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(eq(customers.email, DEMO_ACCOUNTS.frenchGuest.email))
    .orderBy(desc(orders.placedAt))
    .limit(1);
  if (!newest) return undefined;
  const exp = Math.floor(Date.now() / 1000) + 30 * 86_400;
  return buildPortalLink(config.publicUrl, config.shopSecret, { number: newest.number, exp, to: 'return', lang: 'fr' });
}

/** What a newcomer needs, printed last: where it runs, how mail and webhooks go, the demo accounts. */
function printStarted(config: Config, database: Database, state: { smtp: boolean; webhooks: boolean; seeded: boolean; demoLink?: string }) {
  const url = config.publicUrl.origin;
  console.log(`Reprise is running on ${url} (${database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`);
  console.log(state.smtp ? '  Emails are sent over SMTP.' : '  No SMTP_URL: emails are kept on the staff Emails page.');
  if (state.webhooks) console.log(`  Webhooks are sent to ${new URL(config.webhookUrl!).origin}.`);
  if (database.kind !== 'pglite') return;
  console.log(`  Shopper: ${DEMO_ACCOUNTS.shopper.email} / ${DEMO_ACCOUNTS.shopper.password}  → ${url}/sign-in`);
  console.log(`  Admin:   ${DEMO_ACCOUNTS.admin.email} / ${DEMO_ACCOUNTS.admin.password}  → ${url}/staff/sign-in`);
  console.log(`  Staff:   ${DEMO_ACCOUNTS.staff.email} / ${DEMO_ACCOUNTS.staff.password}`);
  console.log(`  French shopper: ${DEMO_ACCOUNTS.frenchShopper.email} / ${DEMO_ACCOUNTS.frenchShopper.password}`);
  console.log(`  French guest (no password): ${DEMO_ACCOUNTS.frenchGuest.email}  → ${url}/lookup, or a sign-in link`);
  if (state.demoLink) console.log(`  Signed portal link to the guest's newest order (30 days): ${state.demoLink}`);
  if (!state.seeded) console.log('  (demo accounts exist only if this data directory was seeded on its first run)');
}

async function main() {
  const config = configOrExit();
  const database = await databaseOrExit(config);
  await ensureDefaults(database.db);
  const seeded = database.kind === 'pglite' && database.created;
  if (seeded) await seedDemo(database.db, hashPassword);

  const logger = createLogger({ level: config.logLevel });
  const metrics = config.metricsToken ? createMetrics(database.db) : undefined;
  const onFailure = (f: { kind: 'email' | 'webhook' }) => metrics?.deliveryFailures.inc({ kind: f.kind });
  const app = createApp({ db: database.db, config, now: () => new Date() }, { buildDir, logger, metrics });
  // Expired sessions, idempotency keys (after 48 h), ended sign-in counters: deleted hourly.
  const stopPurge = startPurge(database.db, logger, { retentionDays: config.retentionDays });
  // Withdrawal statements are matched to their orders a moment after the consumer's answer (same work either way).
  const stopMatcher = startWithdrawalMatcher(database.db, () => contextOf({ config, now: () => new Date() }), {
    log: (line) => logger.error({ err: line }, 'withdrawal matcher')
  });
  const relay = await startSmtpRelay(database, config, { logger, onFailure });
  // Events for the shop's systems are written to the outbox only when WEBHOOK_URL is set (config requires SHOP_SECRET with it).
  const webhooks =
    config.webhookUrl && config.shopSecret
      ? startWebhookRelay(database.db, { url: config.webhookUrl, secret: config.shopSecret, logger, onFailure })
      : undefined;
  const demoLink = await demoPortalLink(database, config);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
    printStarted(config, database, { smtp: Boolean(relay), webhooks: Boolean(webhooks), seeded, demoLink })
  );
  server.on('error', (err) => fail(`Cannot listen on ${config.host}:${config.port}: ${err.message}`));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing requests in flight, then closing the database`);
    // close() stops accepting and calls back once in-flight requests have finished.
    server.close(async () => {
      stopPurge();
      await stopMatcher();
      await relay?.stop();
      await webhooks?.stop();
      await database.close();
      process.exit(0);
    });
    (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

await main();
