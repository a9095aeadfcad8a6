ALTER TABLE "orders" ADD COLUMN "shipping_country" text;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_shipping_country" CHECK ("orders"."shipping_country" ~ '^[A-Z]{2}$');