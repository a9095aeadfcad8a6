ALTER TABLE "order_lines" ADD COLUMN "order_currency" text;
--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "order_delivered_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "state_changed_at" timestamp with time zone DEFAULT now() NOT NULL;
--> statement-breakpoint
-- Insights (docs/decisions.md "Insights"). Each order line carries its order's currency and delivery, copied by
-- triggers in the writer's transaction: the units sold in a period are one index range of order_lines.
UPDATE "order_lines" l SET "order_currency" = o."currency", "order_delivered_at" = o."delivered_at" FROM "orders" o WHERE o."id" = l."order_id";
--> statement-breakpoint
-- A return's entry into its current state: the newest audit row that moved its state, else its creation.
UPDATE "returns" r SET "state_changed_at" = coalesce(
  (SELECT max(a."created_at") FROM "audit_events" a WHERE a."return_id" = r."id" AND a."changes" ? 'state'), r."created_at");
--> statement-breakpoint
CREATE FUNCTION order_lines_copy_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Whatever a writer sets, the copy is the order's own (read in this transaction).
  SELECT o."currency", o."delivered_at" INTO NEW."order_currency", NEW."order_delivered_at" FROM "orders" o WHERE o."id" = NEW."order_id";
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER order_lines_copy_order BEFORE INSERT OR UPDATE OF "order_id", "order_currency", "order_delivered_at" ON "order_lines"
  FOR EACH ROW EXECUTE FUNCTION order_lines_copy_order();
--> statement-breakpoint
CREATE FUNCTION orders_copy_to_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "order_lines" SET "order_currency" = NEW."currency", "order_delivered_at" = NEW."delivered_at" WHERE "order_id" = NEW."id";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER orders_copy_to_lines AFTER UPDATE OF "currency", "delivered_at" ON "orders" FOR EACH ROW
  WHEN (OLD."currency" IS DISTINCT FROM NEW."currency" OR OLD."delivered_at" IS DISTINCT FROM NEW."delivered_at")
  EXECUTE FUNCTION orders_copy_to_lines();
--> statement-breakpoint
CREATE FUNCTION returns_state_changed_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW."state_changed_at" := NEW."created_at";
  ELSIF NEW."state" IS DISTINCT FROM OLD."state" THEN
    -- The move's own time, as the writer stamps it on updated_at (the app's clock); the transaction's otherwise.
    NEW."state_changed_at" := CASE WHEN NEW."updated_at" IS DISTINCT FROM OLD."updated_at" THEN NEW."updated_at" ELSE now() END;
  ELSE
    NEW."state_changed_at" := OLD."state_changed_at";
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER returns_state_changed_at BEFORE INSERT OR UPDATE ON "returns" FOR EACH ROW EXECUTE FUNCTION returns_state_changed_at();
--> statement-breakpoint
CREATE INDEX "order_lines_sold_idx" ON "order_lines" USING btree ("order_currency","order_delivered_at","sku","product_name","variant_label","quantity","units_on_returns","id") WHERE "order_lines"."order_delivered_at" is not null;
--> statement-breakpoint
CREATE INDEX "returns_state_changed_idx" ON "returns" USING btree ("state","state_changed_at");
--> statement-breakpoint
CREATE INDEX "returns_credit_decided_idx" ON "returns" USING btree ("credit_decided_at") WHERE "returns"."credit_decided_at" is not null;
