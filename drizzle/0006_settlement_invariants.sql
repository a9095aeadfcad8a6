-- Hand-written (drizzle-kit generate --custom): the data kept valid by 0002's columns, and the triggers
-- that hold the credit invariants in the database (docs/decisions.md, "Receipt and credit").

-- Returns received before per-line receipt were received whole: every requested unit arrived
-- (condition not recorded). Credits decided before amounts were recorded stay decided, amount unknown.
UPDATE "return_lines" SET "units_received" = "quantity"
  WHERE "return_id" IN (SELECT "id" FROM "returns" WHERE "state" IN ('received','items_needed','credited'));
--> statement-breakpoint
UPDATE "returns" SET "credit_decided_at" = "updated_at" WHERE "state" = 'credited';
--> statement-breakpoint

-- A return line's receipt and credit are written once. The credit may not exceed what was paid for
-- the units it credits; the order line's totals over all its returns follow (their CHECKs cap them at
-- the units bought and the amount paid).
CREATE FUNCTION "return_lines_settlement_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  price bigint;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD."units_credited" IS NOT NULL AND (NEW."units_credited" IS DISTINCT FROM OLD."units_credited"
        OR NEW."amount_credited_cents" IS DISTINCT FROM OLD."amount_credited_cents" OR NEW."keep_item" IS DISTINCT FROM OLD."keep_item") THEN
      RAISE EXCEPTION 'the credit of return line % is already decided', OLD."id" USING ERRCODE = 'check_violation', CONSTRAINT = 'return_lines_credit_once';
    END IF;
    IF OLD."units_received" IS NOT NULL AND (NEW."units_received" IS DISTINCT FROM OLD."units_received"
        OR NEW."condition" IS DISTINCT FROM OLD."condition") THEN
      RAISE EXCEPTION 'the receipt of return line % is already recorded', OLD."id" USING ERRCODE = 'check_violation', CONSTRAINT = 'return_lines_receipt_once';
    END IF;
  END IF;
  IF NEW."units_credited" IS NOT NULL THEN
    SELECT "unit_price_cents" INTO price FROM "order_lines" WHERE "id" = NEW."order_line_id";
    IF NEW."amount_credited_cents" > price * NEW."units_credited" THEN
      RAISE EXCEPTION 'return line % credits more than was paid for its units', NEW."id" USING ERRCODE = 'check_violation', CONSTRAINT = 'return_lines_credit_paid';
    END IF;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "return_lines_settlement_guard" BEFORE INSERT OR UPDATE ON "return_lines"
  FOR EACH ROW EXECUTE FUNCTION "return_lines_settlement_guard"();
--> statement-breakpoint
CREATE FUNCTION "return_lines_credit_totals"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE','DELETE') AND OLD."units_credited" IS NOT NULL THEN
    UPDATE "order_lines" SET "units_credited" = "units_credited" - OLD."units_credited",
      "amount_credited_cents" = "amount_credited_cents" - OLD."amount_credited_cents" WHERE "id" = OLD."order_line_id";
  END IF;
  IF TG_OP IN ('UPDATE','INSERT') AND NEW."units_credited" IS NOT NULL THEN
    UPDATE "order_lines" SET "units_credited" = "units_credited" + NEW."units_credited",
      "amount_credited_cents" = "amount_credited_cents" + NEW."amount_credited_cents" WHERE "id" = NEW."order_line_id";
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "return_lines_credit_totals" AFTER INSERT OR DELETE OR UPDATE OF "units_credited", "amount_credited_cents", "order_line_id" ON "return_lines"
  FOR EACH ROW EXECUTE FUNCTION "return_lines_credit_totals"();
--> statement-breakpoint

-- A return's credit is decided once: its decision, method, deduction and total never change after.
CREATE FUNCTION "returns_credit_once"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."credit_decided_at" IS NOT NULL AND (NEW."credit_decided_at" IS DISTINCT FROM OLD."credit_decided_at"
      OR NEW."credit_method" IS DISTINCT FROM OLD."credit_method" OR NEW."credit_total_cents" IS DISTINCT FROM OLD."credit_total_cents"
      OR NEW."shipping_deduction_cents" IS DISTINCT FROM OLD."shipping_deduction_cents") THEN
    RAISE EXCEPTION 'the credit of return % is already decided', OLD."number" USING ERRCODE = 'check_violation', CONSTRAINT = 'returns_credit_once';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "returns_credit_once" BEFORE UPDATE OF "credit_decided_at", "credit_method", "credit_total_cents", "shipping_deduction_cents" ON "returns"
  FOR EACH ROW EXECUTE FUNCTION "returns_credit_once"();
