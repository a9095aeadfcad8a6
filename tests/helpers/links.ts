import { expect } from 'vitest';
import { buildPortalLink } from '../../server/auth/portal-link.ts';
import type { Agent, TestContext } from './app.ts';

/** A signed portal link to `number`, as the shop would build it, valid `days` days from the test clock. */
export function portalLink(t: TestContext, number: string, opts: { days?: number; secret?: string; to?: 'order' | 'return' } = {}): URL {
  const exp = Math.floor(t.clock.now.getTime() / 1000) + (opts.days ?? 30) * 86_400;
  return new URL(buildPortalLink(t.config.publicUrl, opts.secret ?? t.config.shopSecret!, { number, exp, to: opts.to }));
}

/** What the SPA's /o/{number} page posts for a link. */
export function linkBody(link: URL): Record<string, string> {
  const body: Record<string, string> = { number: decodeURIComponent(link.pathname.slice('/o/'.length)) };
  for (const [k, v] of link.searchParams) body[k] = v;
  return body;
}

/** Opens a signed link to `number` in `agent` (a new one by default): the agent then holds the order-scoped session. */
export async function openPortalLink(t: TestContext, number: string, agent: Agent = t.agent()): Promise<Agent> {
  const res = await agent.post('/api/auth/order-link', linkBody(portalLink(t, number)));
  expect(res.status).toBe(200);
  return agent;
}
