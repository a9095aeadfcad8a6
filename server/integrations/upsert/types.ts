import type { orderLines, orders } from '../../db/schema.ts';

export type StoredOrder = typeof orders.$inferSelect;
export type StoredLine = typeof orderLines.$inferSelect;

/** The order row's fields a push sets. */
export type OrderFields = {
  customerId: number;
  email: string;
  status: StoredOrder['status'];
  currency: string;
  totalCents: number;
  placedAt: Date;
  deliveredAt: Date | null;
  shippingCents: number | null;
};

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';
export type UpsertResult = { outcome: UpsertOutcome; number: string };

export type UpsertOptions = {
  now: Date;
  via: 'api' | 'import';
  /** The signed timestamp of a push: an older push than the last applied one is refused. */
  signedAt?: Date;
};
