ALTER TABLE "orders" ADD COLUMN "shipping_cents" integer;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "shipping_refunded_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "shipping_refunded_cents" integer;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_shipping" CHECK ("orders"."shipping_cents" >= 0);--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_shipping_refunded" CHECK ("orders"."shipping_refunded_cents" >= 0 and "orders"."shipping_refunded_cents" <= coalesce("orders"."shipping_cents", 0));--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_shipping_refunded" CHECK ("returns"."shipping_refunded_cents" >= 0 and ("returns"."shipping_refunded_cents" = 0 or "returns"."credit_decided_at" is not null));