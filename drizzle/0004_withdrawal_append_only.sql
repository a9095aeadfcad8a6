-- Withdrawal statements and the decisions on them are append-only: written once, never changed or
-- removed (the statement is evidence of what the consumer submitted and when).
CREATE OR REPLACE FUNCTION reprise_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER withdrawals_append_only BEFORE UPDATE OR DELETE ON "withdrawals"
  FOR EACH ROW EXECUTE FUNCTION reprise_refuse_change();
--> statement-breakpoint
CREATE TRIGGER withdrawals_no_truncate BEFORE TRUNCATE ON "withdrawals"
  FOR EACH STATEMENT EXECUTE FUNCTION reprise_refuse_change();
--> statement-breakpoint
CREATE TRIGGER withdrawal_decisions_append_only BEFORE UPDATE OR DELETE ON "withdrawal_decisions"
  FOR EACH ROW EXECUTE FUNCTION reprise_refuse_change();
--> statement-breakpoint
CREATE TRIGGER withdrawal_decisions_no_truncate BEFORE TRUNCATE ON "withdrawal_decisions"
  FOR EACH STATEMENT EXECUTE FUNCTION reprise_refuse_change();
--> statement-breakpoint
-- A return made for a statement keeps it: its withdrawal_id never changes once set.
CREATE OR REPLACE FUNCTION reprise_keep_return_withdrawal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.withdrawal_id IS DISTINCT FROM NEW.withdrawal_id THEN
    RAISE EXCEPTION 'returns.withdrawal_id cannot change' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER returns_keep_withdrawal BEFORE UPDATE OF withdrawal_id ON "returns"
  FOR EACH ROW EXECUTE FUNCTION reprise_keep_return_withdrawal();
