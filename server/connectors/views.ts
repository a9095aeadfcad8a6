import { and, desc, eq } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { connectorDeliveries } from '../db/schema.ts';
import { PLATFORM_INFO, PLATFORMS, type Platform } from './platforms.ts';
import type { Refusal } from './receive.ts';

/** How many of a platform's latest refusals the Connections screen lists. */
export const REFUSALS_SHOWN = 5;

const delivery = {
  receivedAt: connectorDeliveries.receivedAt,
  topic: connectorDeliveries.topic,
  orderNumber: connectorDeliveries.orderNumber,
  result: connectorDeliveries.result,
  refusal: connectorDeliveries.refusal
};
type Row = { receivedAt: Date; topic: string; orderNumber: string | null; result: string; refusal: unknown };
const shown = (r: Row) => ({
  receivedAt: r.receivedAt.toISOString(),
  topic: r.topic,
  orderNumber: r.orderNumber,
  result: r.result,
  /** Why it was refused or ignored (an ignored delivery's reason as its `code`), or null. */
  why: r.refusal ? whyOf(r.refusal) : null
});
const whyOf = (r: unknown) => {
  const { code, message, reason } = r as Partial<Refusal> & { reason?: string };
  return { code: code ?? reason ?? 'unknown', message: message ?? '' };
};

/**
 * The URL a platform's webhooks are to be sent to. Lightspeed's carries its secret token, which is
 * never shown (a credential is for its owner only): the admin pastes the variable's value in its place.
 */
function webhookUrl(config: Config, platform: Platform): string {
  const url = new URL(`/api/integrations/${platform}`, config.publicUrl).toString();
  return platform === 'lightspeed' ? `${url}?token=<${PLATFORM_INFO.lightspeed.secretVariable}>` : url;
}

/** One platform: its URL, whether its secret is set (never the secret), its last delivery and latest refusals. */
async function connectionOf(db: Db, config: Config, platform: Platform) {
  // Both read the (platform, received_at desc) index: the newest rows first, a few of them.
  const [last] = await db
    .select(delivery)
    .from(connectorDeliveries)
    .where(eq(connectorDeliveries.platform, platform))
    .orderBy(desc(connectorDeliveries.receivedAt), desc(connectorDeliveries.id))
    .limit(1);
  const refused = await db
    .select(delivery)
    .from(connectorDeliveries)
    .where(and(eq(connectorDeliveries.platform, platform), eq(connectorDeliveries.result, 'refused')))
    .orderBy(desc(connectorDeliveries.receivedAt), desc(connectorDeliveries.id))
    .limit(REFUSALS_SHOWN);
  return {
    platform,
    name: PLATFORM_INFO[platform].name,
    url: webhookUrl(config, platform),
    secretVariable: PLATFORM_INFO[platform].secretVariable,
    secretSet: Boolean(config.connectorSecrets[platform]),
    lastDelivery: last ? shown(last) : null,
    refusals: refused.map(shown)
  };
}

/** Settings → Connections (admins): every platform Reprise takes order webhooks from. */
export async function connectionsView(db: Db, config: Config) {
  const connections = [];
  for (const platform of PLATFORMS) connections.push(await connectionOf(db, config, platform));
  return { connections };
}
export type ConnectionsView = Awaited<ReturnType<typeof connectionsView>>;
