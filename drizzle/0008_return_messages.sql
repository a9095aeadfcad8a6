CREATE TABLE "return_messages" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "return_messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"return_id" integer NOT NULL,
	"body" text NOT NULL,
	"author_role" text NOT NULL,
	"author_staff_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "return_messages_author_role" CHECK ("return_messages"."author_role" in ('staff','admin')),
	CONSTRAINT "return_messages_body" CHECK (length("return_messages"."body") > 0)
);
--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "customer_comment_by" text DEFAULT 'customer' NOT NULL;--> statement-breakpoint
ALTER TABLE "return_messages" ADD CONSTRAINT "return_messages_return_id_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."returns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_messages" ADD CONSTRAINT "return_messages_author_staff_id_staff_users_id_fk" FOREIGN KEY ("author_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "return_messages_return_idx" ON "return_messages" USING btree ("return_id","created_at","id");--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_comment_by" CHECK ("returns"."customer_comment_by" in ('customer','staff'));