-- Hand-written: a comment on a return staff created was typed by staff (the shopper never saw that form).
UPDATE "returns" SET "customer_comment_by" = 'staff' WHERE "created_by_staff_id" IS NOT NULL AND "customer_comment" <> '';
