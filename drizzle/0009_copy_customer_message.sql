-- Hand-written: the single "message to customer" each return had becomes the first message of its
-- thread. Who wrote it was never recorded: it is kept as written by staff, at the return's last change.
INSERT INTO "return_messages" ("return_id", "body", "author_role", "created_at")
SELECT "id", "customer_message", 'staff', "updated_at" FROM "returns" WHERE "customer_message" <> '';
