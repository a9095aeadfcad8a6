CREATE TABLE "return_photos" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "return_photos_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"customer_id" integer NOT NULL,
	"upload_key" text NOT NULL,
	"source_hash" text NOT NULL,
	"return_line_id" integer,
	"position" integer DEFAULT 0 NOT NULL,
	"source_type" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"image" "bytea" NOT NULL,
	"thumbnail" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "return_photos_source_type" CHECK ("return_photos"."source_type" in ('jpeg','png','webp','heic')),
	CONSTRAINT "return_photos_size" CHECK ("return_photos"."width" > 0 and "return_photos"."height" > 0 and "return_photos"."position" >= 0)
);
--> statement-breakpoint
ALTER TABLE "return_reasons" ADD COLUMN "requires_photo" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "return_reasons" ADD COLUMN "photo_hint_en" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "return_reasons" ADD COLUMN "photo_hint_fr" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "return_photos" ADD CONSTRAINT "return_photos_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_photos" ADD CONSTRAINT "return_photos_return_line_id_return_lines_id_fk" FOREIGN KEY ("return_line_id") REFERENCES "public"."return_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "return_photos_public_uq" ON "return_photos" USING btree ("public_id");--> statement-breakpoint
CREATE UNIQUE INDEX "return_photos_upload_uq" ON "return_photos" USING btree ("customer_id","upload_key");--> statement-breakpoint
CREATE INDEX "return_photos_line_idx" ON "return_photos" USING btree ("return_line_id","position");--> statement-breakpoint
CREATE INDEX "return_photos_unattached_idx" ON "return_photos" USING btree ("created_at") WHERE "return_photos"."return_line_id" is null;