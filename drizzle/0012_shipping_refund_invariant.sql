-- Hand-written (drizzle-kit generate --custom): the shipping refunded over all of an order's returns
-- is kept on orders.shipping_refunded_cents by this trigger, and 0011's CHECK caps it at the order's
-- shipping amount (none when unknown), as 0006 does for the lines (docs/decisions.md, "Refunding shipping").
CREATE FUNCTION "returns_shipping_refunded_total"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE','DELETE') AND COALESCE(OLD."shipping_refunded_cents", 0) <> 0 THEN
    UPDATE "orders" SET "shipping_refunded_cents" = "shipping_refunded_cents" - OLD."shipping_refunded_cents" WHERE "id" = OLD."order_id";
  END IF;
  IF TG_OP IN ('UPDATE','INSERT') AND COALESCE(NEW."shipping_refunded_cents", 0) <> 0 THEN
    UPDATE "orders" SET "shipping_refunded_cents" = "shipping_refunded_cents" + NEW."shipping_refunded_cents" WHERE "id" = NEW."order_id";
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "returns_shipping_refunded_total" AFTER INSERT OR DELETE OR UPDATE OF "shipping_refunded_cents", "order_id" ON "returns"
  FOR EACH ROW EXECUTE FUNCTION "returns_shipping_refunded_total"();
--> statement-breakpoint

-- A decided credit's shipping refund never changes either (0006's returns_credit_once, with the new column).
CREATE OR REPLACE FUNCTION "returns_credit_once"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."credit_decided_at" IS NOT NULL AND (NEW."credit_decided_at" IS DISTINCT FROM OLD."credit_decided_at"
      OR NEW."credit_method" IS DISTINCT FROM OLD."credit_method" OR NEW."credit_total_cents" IS DISTINCT FROM OLD."credit_total_cents"
      OR NEW."shipping_deduction_cents" IS DISTINCT FROM OLD."shipping_deduction_cents"
      OR NEW."shipping_refunded_cents" IS DISTINCT FROM OLD."shipping_refunded_cents") THEN
    RAISE EXCEPTION 'the credit of return % is already decided', OLD."number" USING ERRCODE = 'check_violation', CONSTRAINT = 'returns_credit_once';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
DROP TRIGGER "returns_credit_once" ON "returns";
--> statement-breakpoint
CREATE TRIGGER "returns_credit_once" BEFORE UPDATE OF "credit_decided_at", "credit_method", "credit_total_cents", "shipping_deduction_cents", "shipping_refunded_cents" ON "returns"
  FOR EACH ROW EXECUTE FUNCTION "returns_credit_once"();
