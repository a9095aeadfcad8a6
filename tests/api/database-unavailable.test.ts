import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { Db } from '../../server/db/client.ts';
import { Agent, ORIGIN } from '../helpers/app.ts';

/** A database whose every statement fails with PostgreSQL's SQLSTATE `code`, as postgres.js reports it. */
function failingDb(code: string): Db {
  const fail = () => {
    throw Object.assign(new Error(`simulated ${code}`), { code });
  };
  return new Proxy({} as Db, { get: () => fail });
}

const answer = (code: string) => {
  const app = createApp({ db: failingDb(code), config: loadConfig({ PUBLIC_URL: ORIGIN }), now: () => new Date() }, { log: () => {} });
  return new Agent(app).get('/api/shop');
};

describe('a database that cannot serve right now', () => {
  // 53300 too many connections, 53100 disk full, 53200 out of memory, 55000 object not in prerequisite state
  // (e.g. a server in recovery), beside the shutdown (57P0x) and connection (08xxx) codes.
  it.each(['53300', '53100', '53200', '53400', '55000', '57P01', '08006'])('answers 503 with Retry-After for SQLSTATE %s', async (code) => {
    const res = await answer(code);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.body.error.code).toBe('database_unavailable');
  });

  it('still answers 500 for a bug (an undefined column, 42703)', async () => {
    const res = await answer('42703');
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('internal_error');
  });
});
