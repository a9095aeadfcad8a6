ALTER TABLE "order_lines" ADD COLUMN "units_credited" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "amount_credited_cents" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "return_lines" ADD COLUMN "units_received" integer;--> statement-breakpoint
ALTER TABLE "return_lines" ADD COLUMN "condition" text;--> statement-breakpoint
ALTER TABLE "return_lines" ADD COLUMN "units_credited" integer;--> statement-breakpoint
ALTER TABLE "return_lines" ADD COLUMN "amount_credited_cents" bigint;--> statement-breakpoint
ALTER TABLE "return_lines" ADD COLUMN "keep_item" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "return_reasons" ADD COLUMN "restocking_fee_percent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "credit_method" text;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "credit_decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "shipping_deduction_cents" integer;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "credit_total_cents" bigint;--> statement-breakpoint
ALTER TABLE "shop_settings" ADD COLUMN "return_shipping_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_units_credited" CHECK ("order_lines"."units_credited" >= 0 and "order_lines"."units_credited" <= "order_lines"."quantity");--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_amount_credited" CHECK ("order_lines"."amount_credited_cents" >= 0 and "order_lines"."amount_credited_cents" <= "order_lines"."unit_price_cents"::bigint * "order_lines"."quantity");--> statement-breakpoint
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_received" CHECK ("return_lines"."units_received" between 0 and "return_lines"."quantity");--> statement-breakpoint
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_condition" CHECK (("return_lines"."units_received" is null and "return_lines"."condition" is null) or ("return_lines"."units_received" = 0 and "return_lines"."condition" = 'missing') or ("return_lines"."units_received" > 0 and ("return_lines"."condition" is null or "return_lines"."condition" in ('resellable','damaged'))));--> statement-breakpoint
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_credited" CHECK (("return_lines"."units_credited" is null) = ("return_lines"."amount_credited_cents" is null));--> statement-breakpoint
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_units_credited" CHECK ("return_lines"."units_credited" between 0 and "return_lines"."quantity");--> statement-breakpoint
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_amount_credited" CHECK ("return_lines"."amount_credited_cents" >= 0);--> statement-breakpoint
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_credit_received" CHECK ("return_lines"."keep_item" or "return_lines"."units_credited" <= coalesce("return_lines"."units_received", 0));--> statement-breakpoint
ALTER TABLE "return_reasons" ADD CONSTRAINT "return_reasons_fee" CHECK ("return_reasons"."restocking_fee_percent" between 0 and 100);--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_credit_method" CHECK ("returns"."credit_method" in ('refund','store_credit','replacement'));--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_credit_decided" CHECK ("returns"."credit_decided_at" is not null or ("returns"."credit_method" is null and "returns"."credit_total_cents" is null and "returns"."shipping_deduction_cents" is null));--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_credit_amounts" CHECK ("returns"."shipping_deduction_cents" >= 0 and "returns"."credit_total_cents" >= 0);--> statement-breakpoint
ALTER TABLE "shop_settings" ADD CONSTRAINT "shop_settings_return_shipping" CHECK ("shop_settings"."return_shipping_cents" >= 0);