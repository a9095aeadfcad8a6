ALTER TABLE "orders" ADD COLUMN "units" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Units bought per order (docs/rules.md "The return rate"): the sum of its lines' quantities, kept by
-- triggers in the writer's transaction, so the return rate reads orders alone (no probe of their lines).
UPDATE "orders" o SET "units" = l."n" FROM (SELECT "order_id", sum("quantity")::int AS "n" FROM "order_lines" GROUP BY "order_id") l
  WHERE l."order_id" = o."id";
--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_units" CHECK ("orders"."units" >= 0);
--> statement-breakpoint
-- Lines added or removed: once per statement (a push or an import writes many lines at once).
CREATE FUNCTION order_lines_units_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "orders" o SET "units" = o."units" + a."n" FROM (SELECT "order_id", sum("quantity")::int AS "n" FROM added GROUP BY "order_id") a
    WHERE a."order_id" = o."id";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER order_lines_units_added AFTER INSERT ON "order_lines" REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION order_lines_units_added();
--> statement-breakpoint
CREATE FUNCTION order_lines_units_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "orders" o SET "units" = o."units" - r."n" FROM (SELECT "order_id", sum("quantity")::int AS "n" FROM removed GROUP BY "order_id") r
    WHERE r."order_id" = o."id";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER order_lines_units_removed AFTER DELETE ON "order_lines" REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION order_lines_units_removed();
--> statement-breakpoint
-- A quantity changed (a push's edit), per row and only then: the units-on-returns updates of every request do not fire it.
CREATE FUNCTION order_lines_units_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "orders" SET "units" = "units" - OLD."quantity" WHERE "id" = OLD."order_id";
  UPDATE "orders" SET "units" = "units" + NEW."quantity" WHERE "id" = NEW."order_id";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER order_lines_units_changed AFTER UPDATE OF "quantity", "order_id" ON "order_lines" FOR EACH ROW
  WHEN (OLD."quantity" IS DISTINCT FROM NEW."quantity" OR OLD."order_id" IS DISTINCT FROM NEW."order_id")
  EXECUTE FUNCTION order_lines_units_changed();
