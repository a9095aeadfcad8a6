import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Platform } from './connectors/platforms.ts';

/** Everything the process reads from its environment, validated once at start. */
export type Config = {
  port: number;
  host: string;
  publicUrl: URL;
  databaseUrl: string | undefined;
  dataDir: string;
  trustProxy: boolean;
  bodyLimitBytes: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  shopSecret: string | undefined;
  /** The secret being replaced: portal links signed with it still open, until SHOP_SECRET_PREVIOUS is removed. */
  shopSecretPrevious: string | undefined;
  /** Where events (return.created, return.state_changed, stock.adjusted) are POSTed, signed with shopSecret. */
  webhookUrl: string | undefined;
  /** One JSON log line per request (method, route pattern, status, duration, request id). */
  logRequests: boolean;
  logLevel: (typeof LOG_LEVELS)[number];
  /** With it, GET /metrics answers Prometheus text to `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** Days sent email bodies and delivered webhook payloads are kept (withdrawal acknowledgements excepted). */
  retentionDays: number;
  /** Each platform connector's secret (`POST /api/integrations/<platform>`); unset: that connector is off (404). */
  connectorSecrets: Record<Platform, string | undefined>;
  /** For platforms that send no delivery date: an order is taken as delivered this many days after it was fulfilled. */
  connectorDeliveryDays: number;
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = z.coerce.number().int().min(1).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  TRUST_PROXY: bool.default(false),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(100_000),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Reprise <returns@localhost>'),
  SHOP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SHOP_SECRET_PREVIOUS: z.string().min(32, 'must be at least 32 characters').optional(),
  WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  LOG_REQUESTS: bool.default(false),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  SHOPIFY_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  WOOCOMMERCE_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  SHOPWARE_APP_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  // Lightspeed deliveries are checked by this token in their URL alone: long and URL-safe.
  LIGHTSPEED_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{32,200}$/, 'must be 32 to 200 letters, digits, "_" or "-"')
    .optional(),
  CONNECTOR_DELIVERY_DAYS: z.coerce.number().int().min(0).max(60).default(3)
});

/** The names of every variable read (the README's configuration table lists the same, a test checks). */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);

export class ConfigError extends Error {}

/** Secrets a container platform may pass as files: NAME_FILE holds the path, its content the value. */
export const SECRET_FILE_VARIABLES = [
  'SHOP_SECRET',
  'SHOP_SECRET_PREVIOUS',
  'DATABASE_URL',
  'SMTP_URL',
  'METRICS_TOKEN',
  'SHOPIFY_WEBHOOK_SECRET',
  'WOOCOMMERCE_WEBHOOK_SECRET',
  'SHOPWARE_APP_SECRET',
  'LIGHTSPEED_WEBHOOK_SECRET'
] as const;

/** Reads each NAME_FILE into NAME (one trailing newline dropped); both set, or an unreadable file, is an error. */
function withSecretFiles(env: Record<string, string>): Record<string, string> {
  const out = { ...env };
  const problems: string[] = [];
  for (const name of SECRET_FILE_VARIABLES) {
    const path = env[`${name}_FILE`];
    if (path === undefined) continue;
    delete out[`${name}_FILE`];
    if (env[name] !== undefined) {
      problems.push(`  ${name}_FILE: set only one of ${name} and ${name}_FILE`);
      continue;
    }
    try {
      out[name] = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      problems.push(`  ${name}_FILE: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  return out;
}

/** Reads the environment; throws ConfigError naming every bad variable. Empty strings count as unset. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = withSecretFiles(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.WEBHOOK_URL && !e.SHOP_SECRET) {
    throw new ConfigError('Invalid configuration:\n  WEBHOOK_URL: needs SHOP_SECRET, the secret webhooks are signed with');
  }
  const publicUrl = new URL(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`);
  if (publicUrl.pathname !== '/' || publicUrl.search || publicUrl.hash) {
    throw new ConfigError('Invalid configuration:\n  PUBLIC_URL: must be an origin with no path, e.g. https://returns.example.com');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    trustProxy: e.TRUST_PROXY,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    shopSecret: e.SHOP_SECRET,
    shopSecretPrevious: e.SHOP_SECRET ? e.SHOP_SECRET_PREVIOUS : undefined,
    webhookUrl: e.WEBHOOK_URL,
    logRequests: e.LOG_REQUESTS,
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN,
    retentionDays: e.RETENTION_DAYS,
    connectorSecrets: {
      shopify: e.SHOPIFY_WEBHOOK_SECRET,
      woocommerce: e.WOOCOMMERCE_WEBHOOK_SECRET,
      shopware: e.SHOPWARE_APP_SECRET,
      lightspeed: e.LIGHTSPEED_WEBHOOK_SECRET
    },
    connectorDeliveryDays: e.CONNECTOR_DELIVERY_DAYS
  };
}
