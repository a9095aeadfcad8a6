CREATE TABLE "connector_deliveries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "connector_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"platform" text NOT NULL,
	"delivery_id" text NOT NULL,
	"topic" text NOT NULL,
	"order_number" text,
	"result" text NOT NULL,
	"refusal" jsonb,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "connector_deliveries_platform" CHECK ("connector_deliveries"."platform" in ('shopify','woocommerce','shopware','lightspeed')),
	CONSTRAINT "connector_deliveries_result" CHECK ("connector_deliveries"."result" in ('created','updated','unchanged','stale','ignored','refused'))
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "source_updated_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "connector_deliveries_uq" ON "connector_deliveries" USING btree ("platform","delivery_id");--> statement-breakpoint
CREATE INDEX "connector_deliveries_recent_idx" ON "connector_deliveries" USING btree ("platform","received_at" DESC NULLS FIRST);