import type { Passwords } from './auth/passwords.ts';
import type { Config } from './config.ts';
import type { Db } from './db/client.ts';

/** What the app needs from outside; tests build their own. */
export type Deps = {
  db: Db;
  config: Config;
  /** The current time; tests move it to check windows and session lifetimes. */
  now: () => Date;
  /** Hashes and checks passwords: production's argon2id cost, unless a test gives createApp a cheaper one. */
  passwords: Passwords;
};

/** What createApp is given: without `passwords`, production's hasher (main.ts never passes one; no setting changes it). */
export type AppDeps = Omit<Deps, 'passwords'> & { passwords?: Passwords };

/** What a service reads of the request's world, built once per request by contextOf. */
export type ServiceContext = {
  now: Date;
  /** Where the emails' links point. */
  publicUrl: URL;
  /** Whether the shop takes webhooks (WEBHOOK_URL set): events are queued only then. */
  webhooks: boolean;
};

export function contextOf(deps: Pick<Deps, 'config' | 'now'>): ServiceContext {
  return { now: deps.now(), publicUrl: deps.config.publicUrl, webhooks: Boolean(deps.config.webhookUrl) };
}

export type CustomerUser = { id: number; email: string; firstName: string; locale: string; sessionId: string };
/** The order an order-scoped session reaches. */
export type OrderScope = { orderId: number; number: string };
export type StaffUser = { id: number; email: string; name: string; role: 'staff' | 'admin'; locale: string; sessionId: string };

export type AppEnv = {
  Variables: {
    deps: Deps;
    /** This request's id: the X-Request-Id answered, in its log lines and in a 5xx body. */
    requestId: string;
    customer: CustomerUser;
    /** Set when the shopper came in by a portal link: the one order (and its returns) they may reach. */
    orderScope: OrderScope | undefined;
    staff: StaffUser;
  };
};

/** Who a service acts for: a signed-in shopper or a staff member (with their role). */
export type StaffActor = { type: 'staff'; id: number; role: 'staff' | 'admin' };
export type Actor = { type: 'customer'; id: number } | StaffActor;
