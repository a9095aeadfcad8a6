import type { Platform } from '../../connectors/platforms.ts';
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
  shippingCountry: string | null;
};

/** `stale`: a connector delivery older (by the platform's `updated_at`) than the last one applied: nothing changed. */
export type UpsertOutcome = 'created' | 'updated' | 'unchanged' | 'stale';
export type UpsertResult = { outcome: UpsertOutcome; number: string };

export type UpsertOptions = {
  now: Date;
  /** How the order came: the signed push, the import command, or a platform's connector (named in the audit row). */
  via: 'api' | 'import' | Platform;
  /** The signed timestamp of a push: an older push than the last applied one is refused. */
  signedAt?: Date;
  /** The platform's `updated_at` of a connector delivery: an older one than the last applied changes nothing. */
  sourceUpdatedAt?: Date;
};
