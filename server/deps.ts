import type { Config } from './config.ts';
import type { Db } from './db/client.ts';

/** What the app needs from outside; tests build their own. */
export type Deps = {
  db: Db;
  config: Config;
  /** The current time; tests move it to check windows and session lifetimes. */
  now: () => Date;
};

export type CustomerUser = { id: number; email: string; firstName: string; locale: string; sessionId: string };
export type StaffUser = { id: number; email: string; name: string; role: 'staff' | 'admin'; sessionId: string };

export type AppEnv = {
  Variables: {
    deps: Deps;
    customer: CustomerUser;
    staff: StaffUser;
  };
};
