CREATE TABLE "withdrawal_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"withdrawal_id" integer NOT NULL,
	"email" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "withdrawal_decisions" DROP CONSTRAINT "withdrawal_decisions_kind";--> statement-breakpoint
ALTER TABLE "withdrawal_decisions" ADD COLUMN "confirmed_differences" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "withdrawal_links" ADD CONSTRAINT "withdrawal_links_withdrawal_id_withdrawals_id_fk" FOREIGN KEY ("withdrawal_id") REFERENCES "public"."withdrawals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "withdrawal_links_withdrawal_idx" ON "withdrawal_links" USING btree ("withdrawal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "withdrawal_decisions_cancelled_uq" ON "withdrawal_decisions" USING btree ("withdrawal_id") WHERE "withdrawal_decisions"."kind" = 'cancelled';--> statement-breakpoint
ALTER TABLE "withdrawal_decisions" ADD CONSTRAINT "withdrawal_decisions_kind" CHECK ("withdrawal_decisions"."kind" in ('matched','attached','closed','unmatched','cancelled'));