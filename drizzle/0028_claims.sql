ALTER TABLE "returns" ADD COLUMN "kind" text DEFAULT 'return' NOT NULL;--> statement-breakpoint
ALTER TABLE "shop_settings" ADD COLUMN "claim_window_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
CREATE INDEX "returns_claims_idx" ON "returns" USING btree ("created_at") WHERE "returns"."kind" = 'claim';--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_kind" CHECK ("returns"."kind" in ('return','claim'));--> statement-breakpoint
ALTER TABLE "shop_settings" ADD CONSTRAINT "shop_settings_claim_window" CHECK ("shop_settings"."claim_window_days" between 1 and 365);--> statement-breakpoint

-- Hand-written: a claim's reshipment (docs/decisions.md "Claims"). Staff decide to reship a claimed
-- line after it was written: its replacement is then the very variant bought, its units the line's,
-- with no price difference, set once from none. A return's line keeps the rules of 0014 unchanged.
CREATE OR REPLACE FUNCTION "return_lines_replacement_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ordered_variant integer;
  paid bigint;
  ordered_product integer;
  replacement_product integer;
  replacement_price bigint;
  is_claim boolean;
BEGIN
  SELECT "kind" = 'claim' INTO is_claim FROM "returns" WHERE "id" = NEW."return_id";
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
    IF NOT (is_claim AND OLD."replacement_variant_id" IS NULL AND NEW."order_line_id" = OLD."order_line_id") THEN
      RAISE EXCEPTION 'the replacement of return line % is chosen once', OLD."id" USING ERRCODE = 'check_violation', CONSTRAINT = 'return_lines_replacement_once';
    END IF;
  END IF;
  IF NEW."replacement_variant_id" IS NULL THEN
    RETURN NEW;
  END IF;
  SELECT ol."variant_id", ol."unit_price_cents", v."product_id" INTO ordered_variant, paid, ordered_product
    FROM "order_lines" ol LEFT JOIN "variants" v ON v."id" = ol."variant_id" WHERE ol."id" = NEW."order_line_id";
  IF is_claim THEN
    IF NEW."replacement_variant_id" IS DISTINCT FROM ordered_variant OR NEW."replacement_units" IS DISTINCT FROM NEW."quantity" OR NEW."price_difference_cents" IS DISTINCT FROM 0 THEN
      RAISE EXCEPTION 'return line %: a claim reships the variant bought, its units, at no difference', NEW."id" USING ERRCODE = 'check_violation', CONSTRAINT = 'return_lines_claim_reship';
    END IF;
    RETURN NEW;
  END IF;
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

-- A return stays what it was made as: a claim never becomes a return, nor a return a claim.
CREATE FUNCTION "returns_kind_fixed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."kind" <> OLD."kind" THEN
    RAISE EXCEPTION 'return %: its kind is fixed', OLD."id" USING ERRCODE = 'check_violation', CONSTRAINT = 'returns_kind_fixed';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "returns_kind_fixed" BEFORE UPDATE OF "kind" ON "returns"
  FOR EACH ROW EXECUTE FUNCTION "returns_kind_fixed"();
