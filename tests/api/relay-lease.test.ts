import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox } from '../../server/db/schema.ts';
import { LEASE_MS, relayWebhooksOnce } from '../../server/outbound/relay.ts';
import { setupApp, type TestContext } from '../helpers/app.ts';

const SECRET = 'lease-test-secret-0123456789abcdefghij';

let t: TestContext;
let server: Server;
let url = '';
/** The first delivery hangs until released, then fails with 503; later ones succeed. */
const receiver = { hits: 0, firstArrived: undefined as undefined | (() => void), release: undefined as undefined | (() => void) };

beforeAll(async () => {
  t = await setupApp();
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      receiver.hits++;
      if (receiver.hits === 1) {
        receiver.release = () => res.writeHead(503).end('busy');
        receiver.firstArrived?.();
      } else {
        res.writeHead(200).end('ok');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await t.close();
});

describe('a relay that overran its lease', () => {
  it('cannot overwrite what another relay recorded: the delivered event stays sent', async () => {
    const [row] = await t.db
      .insert(outbox)
      .values({
        kind: 'webhook',
        topic: 'return.created',
        payload: { id: 'evt_lease', type: 'return.created', createdAt: t.clock.now.toISOString(), data: {} },
        createdAt: t.clock.now,
        nextAttemptAt: t.clock.now
      })
      .returning();
    const arrived = new Promise<void>((r) => (receiver.firstArrived = r));
    const opts = { url, secret: SECRET, now: () => t.clock.now, timeoutMs: 60_000 };

    const slow = relayWebhooksOnce(t.db, opts); // claims the event, then waits on the receiver
    await arrived;
    t.advance(LEASE_MS + 1000); // its lease runs out while it waits
    const second = await relayWebhooksOnce(t.db, opts); // another instance claims it again and delivers
    expect(second).toEqual({ sent: 1, failed: 0 });
    receiver.release!(); // the first attempt finally fails
    expect(await slow).toEqual({ sent: 0, failed: 1 });

    const [stored] = await t.db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(stored).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(receiver.hits).toBe(2);
  });
});
