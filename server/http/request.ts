import type { Context } from 'hono';
import type { AppEnv, StaffActor } from '../deps.ts';
import { notFound } from './errors.ts';

/** A numeric id from the path; anything else is a 404 like an unknown id. */
export function idParam(c: Context<AppEnv>, name = 'id'): number {
  const raw = c.req.param(name) ?? '';
  const id = /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id > 2_147_483_647) throw notFound();
  return id;
}

/** The signed-in staff member as the actor of a service (after requireStaff). */
export const actorOf = (c: Context<AppEnv>): StaffActor => ({ type: 'staff', id: c.var.staff.id, role: c.var.staff.role });

/** The signed-in shopper as the actor of a service (after requireCustomer). */
export const shopperOf = (c: Context<AppEnv>) => ({ type: 'customer' as const, id: c.var.customer.id });
