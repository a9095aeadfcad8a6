CREATE TABLE "rule_sets" (
	"version" integer PRIMARY KEY NOT NULL,
	"document" jsonb NOT NULL,
	"saved_by_staff_id" integer,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rule_sets_version" CHECK ("rule_sets"."version" > 0)
);
--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_actor";--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "tags" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "return_lines" ADD COLUMN "restocking_fee_percent" integer;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "rule_decision" jsonb;--> statement-breakpoint
ALTER TABLE "rule_sets" ADD CONSTRAINT "rule_sets_saved_by_staff_id_staff_users_id_fk" FOREIGN KEY ("saved_by_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor" CHECK ("audit_events"."actor_type" in ('customer','staff','system','rule'));--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_tags" CHECK (jsonb_typeof("order_lines"."tags") = 'array');--> statement-breakpoint
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_fee" CHECK ("return_lines"."restocking_fee_percent" between 0 and 100);--> statement-breakpoint
-- A saved rule set is never changed nor removed (returns and audit rows name its version); only its
-- saver becomes unknown when that staff account is deleted.
CREATE OR REPLACE FUNCTION reprise_keep_rule_set() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.version IS DISTINCT FROM NEW.version OR OLD.document IS DISTINCT FROM NEW.document
     OR OLD.saved_at IS DISTINCT FROM NEW.saved_at THEN
    RAISE EXCEPTION 'rule_sets is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER rule_sets_append_only BEFORE UPDATE OR DELETE ON "rule_sets"
  FOR EACH ROW EXECUTE FUNCTION reprise_keep_rule_set();
