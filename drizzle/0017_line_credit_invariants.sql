-- Hand-written (drizzle-kit generate --custom): a credit method per return line (docs/decisions.md,
-- "A credit outcome per line"), and an exchange never paid twice.

-- Credits decided with one method for the whole return: each line credited gets that method. Credits
-- whose method was never recorded (before 0006_settlement_invariants) stay unknown.
UPDATE "return_lines" SET "credit_method" = r."credit_method"
  FROM "returns" r
  WHERE r."id" = "return_lines"."return_id" AND r."credit_method" IS NOT NULL AND "return_lines"."units_credited" IS NOT NULL;
--> statement-breakpoint

-- A line's method is decided once. A line whose replacement is reserved (the units set aside to be sent)
-- is credited as a replacement: refunding it, giving store credit or nothing while the reservation is
-- held would pay the exchange twice (or hold stock for nothing), so the reservation is released first.
CREATE FUNCTION "return_lines_credit_method_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."credit_method" IS NOT NULL AND NEW."credit_method" IS DISTINCT FROM OLD."credit_method" THEN
    RAISE EXCEPTION 'the credit method of return line % is already decided', OLD."id" USING ERRCODE = 'check_violation', CONSTRAINT = 'return_lines_credit_once';
  END IF;
  IF NEW."credit_method" IS NOT NULL AND NEW."credit_method" <> 'replacement'
      AND (TG_OP = 'INSERT' OR NEW."credit_method" IS DISTINCT FROM OLD."credit_method")
      AND EXISTS (SELECT 1 FROM "stock_reservations" WHERE "return_line_id" = NEW."id" AND "released_at" IS NULL) THEN
    RAISE EXCEPTION 'return line % cannot be credited as % while its replacement is reserved', NEW."id", NEW."credit_method"
      USING ERRCODE = 'check_violation', CONSTRAINT = 'return_lines_credit_replacement_reserved';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "return_lines_credit_method_guard" BEFORE INSERT OR UPDATE OF "credit_method" ON "return_lines"
  FOR EACH ROW EXECUTE FUNCTION "return_lines_credit_method_guard"();
--> statement-breakpoint

-- Nor the other way round: no replacement is reserved for a line credited otherwise (a credited return
-- reopened and approved again). The line's row is locked (FOR SHARE) so a credit written at the same
-- time waits for this reservation, and its trigger above then sees it.
CREATE FUNCTION "stock_reservations_credited"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  method text;
BEGIN
  SELECT "credit_method" INTO method FROM "return_lines" WHERE "id" = NEW."return_line_id" FOR SHARE;
  IF method IS NOT NULL AND method <> 'replacement' THEN
    RAISE EXCEPTION 'return line % is credited as %: its replacement is not reserved', NEW."return_line_id", method
      USING ERRCODE = 'check_violation', CONSTRAINT = 'stock_reservations_credited';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "stock_reservations_credited" BEFORE INSERT ON "stock_reservations"
  FOR EACH ROW EXECUTE FUNCTION "stock_reservations_credited"();
