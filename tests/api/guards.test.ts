import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, PASSWORD } from '../helpers/fixtures.ts';
import { signInShopper } from '../helpers/sign-in.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupApp({ BODY_LIMIT_BYTES: '2048' });
});
afterAll(() => t.close());

const signIn = (email: string) => ({ email, password: PASSWORD });

describe('the BFF guard', () => {
  it('refuses a cross-site POST (403) and writes nothing', async () => {
    const customer = await createCustomer(t.db);
    const res = await t
      .agent()
      .post('/api/auth/sign-in', signIn(customer.email), { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('cross_origin');
    expect(res.headers.getSetCookie()).toHaveLength(0);
  });

  it('refuses a POST whose Origin is another site, and one with no origin information at all', async () => {
    const customer = await createCustomer(t.db);
    const agent = t.agent();
    const foreign = await agent.request('POST', '/api/auth/sign-in', signIn(customer.email), {
      'sec-fetch-site': '',
      origin: 'https://evil.example'
    });
    expect(foreign.status).toBe(403);
    const bare = await agent.request('POST', '/api/auth/sign-in', signIn(customer.email), { 'sec-fetch-site': '', origin: '' });
    expect(bare.status).toBe(403);
    const sameOriginOnly = await agent.request('POST', '/api/auth/sign-in', signIn(customer.email), { 'sec-fetch-site': '' });
    expect(sameOriginOnly.status).toBe(200);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await t
      .agent()
      .post('/api/auth/sign-in', 'email=a@b.c&password=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await t.agent().post('/api/auth/sign-in', { email: 'a@example.com', password: 'x'.repeat(5000) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('answers malformed JSON, wrong types and unknown keys with 400 and the field', async () => {
    const agent = t.agent();
    const malformed = await agent.post('/api/auth/sign-in', '{"email":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_request');
    const wrongType = await agent.post('/api/auth/sign-in', { email: 42, password: 'x' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.fields).toHaveProperty('email');
    const unknown = await agent.post('/api/auth/sign-in', { email: 'a@example.com', password: 'x', role: 'admin' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toEqual({ role: 'unknown_field' });
  });

  it('answers an unknown /api path with JSON 404, never the SPA page', async () => {
    const res = await t.agent().get('/api/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'No such API endpoint.' } });
  });

  it('sends security headers with a CSP that forbids framing', async () => {
    const res = await t.agent().get('/api/shop');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('cookies on an https deployment', () => {
  it('uses the __Host- prefix and Secure', async () => {
    const ctx = await setupApp({ PUBLIC_URL: 'https://returns.example.com' });
    try {
      const customer = await createCustomer(ctx.db);
      const res = await ctx.agent().post('/api/auth/sign-in', signIn(customer.email), { origin: 'https://returns.example.com' });
      expect(res.status).toBe(200);
      const cookie = res.headers.getSetCookie()[0]!;
      expect(cookie).toMatch(/^__Host-reprise_session=/);
      expect(cookie).toContain('Secure');
      expect(cookie).not.toContain('Domain');
    } finally {
      await ctx.close();
    }
  });
});

describe('input the database cannot store', () => {
  it('a NUL character in a body, a path or a query is a 400 naming the field, never a 500', async () => {
    const customer = await createCustomer(t.db);
    const agent = t.agent();
    const res = await agent.post('/api/auth/sign-in', { email: customer.email, password: 'pass\u0000word' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ password: 'invalid_characters' });
    await agent.post('/api/auth/sign-in', { email: customer.email, password: PASSWORD });
    expect((await agent.get('/api/orders/%00')).status).toBe(400);
    expect((await agent.get('/api/returns/R-%00-1')).status).toBe(400);
    expect((await agent.get('/api/orders?cursor=%00')).status).toBe(400);
  });

  it('a forged page cursor (id or date out of range) is a 400, never a 500', async () => {
    const agent = await signInShopper(t);
    const forged = [
      `2026-01-01T00:00:00.000Z|99999999999`,
      `-100000-01-01T00:00:00.000Z|5`,
      `2026-01-01T00:00:00.000Z|0`,
      `2026-01-01T00:00:00.000Z|1|x`
    ];
    for (const raw of forged) {
      const res = await agent.get(`/api/orders?cursor=${Buffer.from(raw).toString('base64url')}`);
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual({ cursor: 'invalid' });
    }
  });
});
