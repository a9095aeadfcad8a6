import { expect } from 'vitest';
import type { TestContext } from './app.ts';
import { createCustomer, createStaff, PASSWORD } from './fixtures.ts';

/** Signs a shopper in through the API, as the SPA does (a new customer when none is given); the agent keeps the cookie. */
export async function signInShopper(t: TestContext, customer?: { email: string }) {
  const who = customer ?? (await createCustomer(t.db));
  const agent = t.agent();
  const res = await agent.post('/api/auth/sign-in', { email: who.email, password: PASSWORD });
  expect(res.status).toBe(200);
  return agent;
}

/** A new staff member of `role`, signed in through the staff API. */
export async function signInStaff(t: TestContext, role: 'staff' | 'admin' = 'staff') {
  const staff = await createStaff(t.db, role);
  const agent = t.agent();
  const res = await agent.post('/api/staff/auth/sign-in', { email: staff.email, password: PASSWORD });
  expect(res.status).toBe(200);
  return { staff, agent };
}
