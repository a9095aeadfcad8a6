CREATE TABLE "stock_reservations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stock_reservations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"return_line_id" integer NOT NULL,
	"variant_id" integer NOT NULL,
	"units" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_at" timestamp with time zone,
	CONSTRAINT "stock_reservations_units" CHECK ("stock_reservations"."units" > 0)
);
--> statement-breakpoint
ALTER TABLE "return_lines" ADD COLUMN "replacement_variant_id" integer;--> statement-breakpoint
ALTER TABLE "return_lines" ADD COLUMN "replacement_units" integer;--> statement-breakpoint
ALTER TABLE "return_lines" ADD COLUMN "price_difference_cents" bigint;--> statement-breakpoint
ALTER TABLE "shop_settings" ADD COLUMN "exchanges_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "stock_reservations" ADD CONSTRAINT "stock_reservations_return_line_id_return_lines_id_fk" FOREIGN KEY ("return_line_id") REFERENCES "public"."return_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_reservations" ADD CONSTRAINT "stock_reservations_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "stock_reservations_held_uq" ON "stock_reservations" USING btree ("return_line_id") WHERE "stock_reservations"."released_at" is null;--> statement-breakpoint
CREATE INDEX "stock_reservations_return_line_idx" ON "stock_reservations" USING btree ("return_line_id");--> statement-breakpoint
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_replacement_variant_id_variants_id_fk" FOREIGN KEY ("replacement_variant_id") REFERENCES "public"."variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_replacement" CHECK (("return_lines"."replacement_variant_id" is null and "return_lines"."replacement_units" is null and "return_lines"."price_difference_cents" is null) or ("return_lines"."replacement_variant_id" is not null and "return_lines"."replacement_units" between 1 and "return_lines"."quantity" and "return_lines"."price_difference_cents" is not null));--> statement-breakpoint
-- No stock below none before the check that refuses it (nothing wrote a negative stock; in case).
UPDATE "variants" SET "stock_on_hand" = 0 WHERE "stock_on_hand" < 0;--> statement-breakpoint
ALTER TABLE "variants" ADD CONSTRAINT "variants_stock" CHECK ("variants"."stock_on_hand" >= 0);