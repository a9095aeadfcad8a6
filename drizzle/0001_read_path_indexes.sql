CREATE TABLE "return_state_counts" (
	"state" text NOT NULL,
	"slot" integer NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "return_state_counts_state_slot_pk" PRIMARY KEY("state","slot")
);
--> statement-breakpoint
DROP INDEX "orders_customer_recent_idx";--> statement-breakpoint
DROP INDEX "outbox_recent_idx";--> statement-breakpoint
DROP INDEX "returns_state_recent_idx";--> statement-breakpoint
DROP INDEX "returns_recent_idx";--> statement-breakpoint
DROP INDEX "returns_customer_recent_idx";--> statement-breakpoint
CREATE INDEX "customers_email_prefix_idx" ON "customers" USING btree ("email" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "orders_email_idx" ON "orders" USING btree ("email");--> statement-breakpoint
CREATE INDEX "orders_customer_recent_idx" ON "orders" USING btree ("customer_id","placed_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "outbox_recent_idx" ON "outbox" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "returns_state_recent_idx" ON "returns" USING btree ("state","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "returns_recent_idx" ON "returns" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "returns_customer_recent_idx" ON "returns" USING btree ("customer_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
-- Kept in the transaction that changes a return. The two rows of a state change are written in
-- state-name order, so two writers sharing a slot cannot lock them in opposite orders.
CREATE FUNCTION "returns_count_states"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s integer := pg_backend_pid() % 16;
  was text;
  now_in text;
BEGIN
  IF TG_OP <> 'INSERT' THEN was := OLD.state; END IF;
  IF TG_OP <> 'DELETE' THEN now_in := NEW.state; END IF;
  IF was IS NOT DISTINCT FROM now_in THEN RETURN NULL; END IF;
  IF was IS NOT NULL AND (now_in IS NULL OR was < now_in) THEN
    INSERT INTO return_state_counts (state, slot, n) VALUES (was, s, -1)
      ON CONFLICT (state, slot) DO UPDATE SET n = return_state_counts.n - 1;
    was := NULL;
  END IF;
  IF now_in IS NOT NULL THEN
    INSERT INTO return_state_counts (state, slot, n) VALUES (now_in, s, 1)
      ON CONFLICT (state, slot) DO UPDATE SET n = return_state_counts.n + 1;
  END IF;
  IF was IS NOT NULL THEN
    INSERT INTO return_state_counts (state, slot, n) VALUES (was, s, -1)
      ON CONFLICT (state, slot) DO UPDATE SET n = return_state_counts.n - 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "returns_count_states" AFTER INSERT OR DELETE OR UPDATE OF "state" ON "returns"
  FOR EACH ROW EXECUTE FUNCTION "returns_count_states"();
--> statement-breakpoint
INSERT INTO "return_state_counts" ("state", "slot", "n") SELECT "state", 0, count(*) FROM "returns" GROUP BY "state";
