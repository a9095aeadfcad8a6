import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { openPostgres, type Database } from '../../server/db/client.ts';
import { Agent, ORIGIN } from '../helpers/app.ts';
import { openTestDb } from '../helpers/db.ts';
import { silentLogger } from '../../server/http/log.ts';

/** A TCP relay to PostgreSQL that the test can cut and restore, like a network outage. */
function relay(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const api = {
    port: 0,
    async up() {
      server = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host);
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = () => {
          client.destroy();
          upstream.destroy();
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
      });
      await new Promise<void>((r) => server!.listen(api.port, '127.0.0.1', () => r()));
      api.port = (server!.address() as net.AddressInfo).port;
    },
    async down() {
      for (const s of sockets) s.destroy();
      sockets.clear();
      await new Promise<void>((r) => server!.close(() => r()));
    }
  };
  return api;
}

let template: Awaited<ReturnType<typeof openTestDb>>;
let proxied: Database;
let proxy: ReturnType<typeof relay>;
beforeAll(async () => {
  template = await openTestDb();
  const url = new URL(process.env.TEST_DATABASE_URL!);
  proxy = relay({ host: url.hostname, port: Number(url.port || 5432) });
  await proxy.up();
});
afterAll(async () => {
  await proxied?.close();
  await proxy.down().catch(() => {});
  await template.close();
});

describe('database outage during requests', () => {
  it('answers 503 JSON while PostgreSQL is unreachable, keeps running, and recovers', async () => {
    const base = new URL(process.env.TEST_DATABASE_URL!);
    base.host = `127.0.0.1:${proxy.port}`;
    base.pathname = `/${template.name!}`;
    proxied = await openPostgres(base.toString(), { max: 2 });
    const app = createApp(
      { db: proxied.db, config: loadConfig({ PUBLIC_URL: ORIGIN }), now: () => new Date() },
      { logger: silentLogger() }
    );
    const agent = new Agent(app);
    expect((await agent.get('/api/shop')).status).toBe(200);

    await proxy.down();
    const during = await agent.get('/api/shop');
    expect(during.status).toBe(503);
    expect(during.body.error.code).toBe('database_unavailable');
    expect(during.headers.get('retry-after')).toBe('5');

    await proxy.up();
    let after = await agent.get('/api/shop');
    for (let i = 0; i < 10 && after.status !== 200; i++) after = await agent.get('/api/shop');
    expect(after.status).toBe(200);
    expect(after.body.shop.shopName).toBeTruthy();
  });

  it('/readyz goes 503 while PostgreSQL is unreachable and ready again once it is back; /healthz stays 200', async () => {
    const base = new URL(process.env.TEST_DATABASE_URL!);
    base.host = `127.0.0.1:${proxy.port}`;
    base.pathname = `/${template.name!}`;
    const db = await openPostgres(base.toString(), { max: 2 });
    try {
      const app = createApp({ db: db.db, config: loadConfig({ PUBLIC_URL: ORIGIN }), now: () => new Date() }, { logger: silentLogger() });
      const agent = new Agent(app);
      expect((await agent.get('/readyz')).status).toBe(200);

      await proxy.down();
      const down = await agent.get('/readyz');
      expect(down.status).toBe(503);
      expect(down.body.status).toBe('not_ready');
      expect(['database_unreachable', 'database_timeout']).toContain(down.body.reason);
      expect((await agent.get('/healthz')).status).toBe(200);

      await proxy.up();
      let back = await agent.get('/readyz');
      for (let i = 0; i < 10 && back.status !== 200; i++) back = await agent.get('/readyz');
      expect(back.status).toBe(200);
    } finally {
      await db.close();
    }
  });
});
