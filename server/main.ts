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
import { createLogger } from './http/log.ts';
import { startPurge } from './maintenance/purge.ts';
import { startEmailRelay, startWebhookRelay } from './outbound/relay.ts';
import { startWithdrawalMatcher } from './withdrawals/matcher.ts';
import { contextOf } from './deps.ts';

const buildDir = fileURLToPath(new URL('../build', import.meta.url));

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }

  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (err) {
    const where = config.databaseUrl ? 'the PostgreSQL server in DATABASE_URL' : `the embedded database in ${config.dataDir}`;
    fail(`Cannot open ${where}: ${(err as Error).message}`);
  }
  await ensureDefaults(database.db);
  const seeded = database.kind === 'pglite' && database.created;
  if (seeded) await seedDemo(database.db, hashPassword);

  const logger = createLogger({ level: config.logLevel });
  const metrics = config.metricsToken ? createMetrics(database.db) : undefined;
  const countFailure = (f: { kind: 'email' | 'webhook' }) => metrics?.deliveryFailures.inc({ kind: f.kind });
  const app = createApp({ db: database.db, config, now: () => new Date() }, { buildDir, logger, metrics });
  // Expired sessions, idempotency keys (after 48 h), ended sign-in counters: deleted hourly.
  const stopPurge = startPurge(database.db, logger, { retentionDays: config.retentionDays });
  // Withdrawal statements are matched to their orders a moment after the consumer's answer (same work either way).
  const stopMatcher = startWithdrawalMatcher(database.db, () => contextOf({ config, now: () => new Date() }), {
    log: (line) => logger.error({ err: line }, 'withdrawal matcher')
  });
  // Without SMTP the emails stay in the outbox, readable on the staff Emails page.
  let relay: { stop: () => Promise<void> } | undefined;
  if (config.smtpUrl) {
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
    relay = startEmailRelay(database.db, createTransport(smtp.toString()), {
      from: config.mailFrom,
      messageIdHost: config.publicUrl.hostname,
      logger,
      onFailure: countFailure
    });
  }
  // Events for the shop's systems are written to the outbox only when WEBHOOK_URL is set (config requires SHOP_SECRET with it).
  const webhooks =
    config.webhookUrl && config.shopSecret
      ? startWebhookRelay(database.db, { url: config.webhookUrl, secret: config.shopSecret, logger, onFailure: countFailure })
      : undefined;
  // A ready signed portal link to the French guest's newest order, so a newcomer can try that way in too.
  let demoLink: string | undefined;
  if (database.kind === 'pglite' && config.shopSecret) {
    const [newest] = await database.db
      .select({ number: orders.number })
      .from(orders)
      .innerJoin(customers, eq(customers.id, orders.customerId))
      .where(eq(customers.email, DEMO_ACCOUNTS.frenchGuest.email))
      .orderBy(desc(orders.placedAt))
      .limit(1);
    if (newest) {
      const exp = Math.floor(Date.now() / 1000) + 30 * 86_400;
      demoLink = buildPortalLink(config.publicUrl, config.shopSecret, { number: newest.number, exp, to: 'return', lang: 'fr' });
    }
  }
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => {
    const url = config.publicUrl.origin;
    console.log(`Reprise is running on ${url} (${database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`);
    console.log(relay ? '  Emails are sent over SMTP.' : '  No SMTP_URL: emails are kept on the staff Emails page.');
    if (webhooks) console.log(`  Webhooks are sent to ${new URL(config.webhookUrl!).origin}.`);
    if (database.kind === 'pglite') {
      console.log(`  Shopper: ${DEMO_ACCOUNTS.shopper.email} / ${DEMO_ACCOUNTS.shopper.password}  → ${url}/sign-in`);
      console.log(`  Admin:   ${DEMO_ACCOUNTS.admin.email} / ${DEMO_ACCOUNTS.admin.password}  → ${url}/staff/sign-in`);
      console.log(`  Staff:   ${DEMO_ACCOUNTS.staff.email} / ${DEMO_ACCOUNTS.staff.password}`);
      console.log(`  French shopper: ${DEMO_ACCOUNTS.frenchShopper.email} / ${DEMO_ACCOUNTS.frenchShopper.password}`);
      console.log(`  French guest (no password): ${DEMO_ACCOUNTS.frenchGuest.email}  → ${url}/lookup, or a sign-in link`);
      if (demoLink) console.log(`  Signed portal link to the guest's newest order (30 days): ${demoLink}`);
      if (!seeded) console.log('  (demo accounts exist only if this data directory was seeded on its first run)');
    }
  });
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
