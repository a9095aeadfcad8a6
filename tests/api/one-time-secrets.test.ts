import { describe, expect } from 'vitest';
import { maskOneTimeTokens } from '../../server/auth/one-time-link.ts';
import { ROUTE_ACCESS } from '../../server/http/access.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { signInStaff } from '../helpers/sign-in.ts';
import { mailedLink } from '../helpers/outbox.ts';
import { staffTest as it } from '../helpers/staff-test.ts';

describe('maskOneTimeTokens', () => {
  it('hides the token of every link in plain text and HTML, and leaves the rest of the link', () => {
    const secret = 'abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnop';
    expect(maskOneTimeTokens(`Open https://r.example/sign-in/link?token=${secret}&next=%2Forders now`)).toBe(
      'Open https://r.example/sign-in/link?token=•••&next=%2Forders now'
    );
    expect(maskOneTimeTokens(`<a href="https://r.example/lookup/link?next=x&amp;token=${secret}">x</a>`)).toBe(
      '<a href="https://r.example/lookup/link?next=x&amp;token=•••">x</a>'
    );
    expect(maskOneTimeTokens(`a?TOKEN=${secret} b?token=${secret}`)).not.toContain(secret);
    expect(maskOneTimeTokens('No link here, only a token= word.')).toBe('No link here, only a token= word.');
  });
});

describe('no staff endpoint ever returns a live one-time token', () => {
  it('after a sign-in-link request, staff and admins read every email and every staff list without the token', async ({ t }) => {
    const customer = await createCustomer(t.db);
    await createOrder(t.db, customer, { now: t.clock.now });
    expect((await t.agent().post('/api/auth/sign-in-link', { email: customer.email, next: '/orders' })).status).toBe(202);
    const link = await mailedLink(t.db, customer.email, 'auth.sign_in_link');
    const token = link.searchParams.get('token')!;
    expect(token).toMatch(/^[a-z2-7]{48}$/);

    const getRoutes = Object.keys(ROUTE_ACCESS)
      .filter((r) => r.startsWith('GET /api/staff/') && !r.includes('/:'))
      .map((r) => r.slice('GET '.length));
    for (const role of ['staff', 'admin'] as const) {
      const { agent } = await signInStaff(t, role);
      const bodies: string[] = [];
      const list = await agent.get('/api/staff/emails');
      expect(list.status).toBe(200);
      const mine = list.body.emails.filter((e: { recipient: string }) => e.recipient === customer.email);
      expect(mine.length).toBeGreaterThan(0);
      for (const e of list.body.emails) {
        const detail = await agent.get(`/api/staff/emails/${e.id}`);
        expect(detail.status).toBe(200);
        bodies.push(JSON.stringify(detail.body));
      }
      for (const path of getRoutes) {
        const res = await agent.get(path);
        if (res.status === 200) bodies.push(JSON.stringify(res.body));
      }
      // Staff see that a link was sent, with its secret masked.
      const detail = await agent.get(`/api/staff/emails/${mine[0].id}`);
      expect(detail.body.email.text).toContain('/sign-in/link?token=•••');
      for (const body of bodies) expect(body).not.toContain(token);
    }

    // The shopper's mailbox still gets the real link, and it works once.
    const used = await t.agent().post('/api/auth/sign-in-link/verify', { token });
    expect(used.status).toBe(200);
  });
});
