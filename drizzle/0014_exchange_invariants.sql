-- Hand-written (drizzle-kit generate --custom): the exchange invariants held by the database
-- (docs/decisions.md, "Exchanges").

-- A return line's replacement is another variant of the same product as the order line's, chosen when
-- the line is written, its price difference (replacement price − unit price paid) × units. It is never
-- changed after; staff may only take it off (the line becomes a refund) while none of it is reserved.
CREATE FUNCTION "return_lines_replacement_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ordered_variant integer;
  paid bigint;
  ordered_product integer;
  replacement_product integer;
  replacement_price bigint;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW."replacement_variant_id" IS NOT DISTINCT FROM OLD."replacement_variant_id"
        AND NEW."replacement_units" IS NOT DISTINCT FROM OLD."replacement_units"
        AND NEW."price_difference_cents" IS NOT DISTINCT FROM OLD."price_difference_cents"
        AND NEW."order_line_id" = OLD."order_line_id" THEN
      RETURN NEW;
    END IF;
    IF NEW."replacement_variant_id" IS NULL AND OLD."replacement_variant_id" IS NOT NULL AND NEW."order_line_id" = OLD."order_line_id" THEN
      IF EXISTS (SELECT 1 FROM "stock_reservations" WHERE "return_line_id" = OLD."id" AND "released_at" IS NULL) THEN
        RAISE EXCEPTION 'the replacement of return line % is reserved', OLD."id" USING ERRCODE = 'check_violation', CONSTRAINT = 'return_lines_replacement_reserved';
      END IF;
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the replacement of return line % is chosen once', OLD."id" USING ERRCODE = 'check_violation', CONSTRAINT = 'return_lines_replacement_once';
  END IF;
  IF NEW."replacement_variant_id" IS NULL THEN
    RETURN NEW;
  END IF;
  SELECT ol."variant_id", ol."unit_price_cents", v."product_id" INTO ordered_variant, paid, ordered_product
    FROM "order_lines" ol LEFT JOIN "variants" v ON v."id" = ol."variant_id" WHERE ol."id" = NEW."order_line_id";
  SELECT "product_id", "price_cents" INTO replacement_product, replacement_price FROM "variants" WHERE "id" = NEW."replacement_variant_id";
  IF ordered_product IS NULL OR replacement_product IS DISTINCT FROM ordered_product OR NEW."replacement_variant_id" = ordered_variant THEN
    RAISE EXCEPTION 'return line %: the replacement is not another variant of the same product', NEW."id" USING ERRCODE = 'check_violation', CONSTRAINT = 'return_lines_replacement_product';
  END IF;
  IF NEW."price_difference_cents" <> (replacement_price - paid) * NEW."replacement_units" THEN
    RAISE EXCEPTION 'return line %: the price difference is not (replacement price - price paid) x units', NEW."id" USING ERRCODE = 'check_violation', CONSTRAINT = 'return_lines_price_difference';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "return_lines_replacement_guard" BEFORE INSERT OR UPDATE ON "return_lines"
  FOR EACH ROW EXECUTE FUNCTION "return_lines_replacement_guard"();
--> statement-breakpoint

-- A reservation holds the line's replacement units: its variant and units are the line's, it starts
-- held, it is released at most once (released_at set, never changed after), it is never deleted. The
-- variant's stock follows in the same statement: minus the units on insert (the CHECK variants_stock
-- refuses an oversell), plus the units on release.
CREATE FUNCTION "stock_reservations_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  line_variant integer;
  line_units integer;
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'stock reservations are never deleted' USING ERRCODE = 'check_violation', CONSTRAINT = 'stock_reservations_kept';
  END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT "replacement_variant_id", "replacement_units" INTO line_variant, line_units FROM "return_lines" WHERE "id" = NEW."return_line_id";
    IF line_variant IS DISTINCT FROM NEW."variant_id" OR line_units IS DISTINCT FROM NEW."units" OR NEW."released_at" IS NOT NULL THEN
      RAISE EXCEPTION 'reservation of return line % does not hold its replacement', NEW."return_line_id" USING ERRCODE = 'check_violation', CONSTRAINT = 'stock_reservations_line';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD."released_at" IS NOT NULL OR NEW."released_at" IS NULL OR NEW."id" <> OLD."id" OR NEW."return_line_id" <> OLD."return_line_id"
      OR NEW."variant_id" <> OLD."variant_id" OR NEW."units" <> OLD."units" OR NEW."created_at" <> OLD."created_at" THEN
    RAISE EXCEPTION 'reservation % is released once, and nothing else of it changes', OLD."id" USING ERRCODE = 'check_violation', CONSTRAINT = 'stock_reservations_release_once';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "stock_reservations_guard" BEFORE INSERT OR UPDATE OR DELETE ON "stock_reservations"
  FOR EACH ROW EXECUTE FUNCTION "stock_reservations_guard"();
--> statement-breakpoint
CREATE FUNCTION "stock_reservations_stock"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE "variants" SET "stock_on_hand" = "stock_on_hand" - NEW."units" WHERE "id" = NEW."variant_id";
  ELSIF OLD."released_at" IS NULL AND NEW."released_at" IS NOT NULL THEN
    UPDATE "variants" SET "stock_on_hand" = "stock_on_hand" + NEW."units" WHERE "id" = NEW."variant_id";
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "stock_reservations_stock" AFTER INSERT OR UPDATE ON "stock_reservations"
  FOR EACH ROW EXECUTE FUNCTION "stock_reservations_stock"();
