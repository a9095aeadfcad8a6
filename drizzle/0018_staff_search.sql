-- The staff search (docs/decisions.md, "Staff search"): a name is matched by its beginning, accents
-- and case ignored. search_fold is immutable SQL (no extension: PGlite has the same), so an index may
-- hold it: Latin letters with diacritics to their base letter, the ligatures spelled out, the
-- typographic apostrophe to the plain one, then lower case. Its expressions are in server/db/search.ts.
CREATE FUNCTION "search_fold"(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT lower(translate(
    replace(replace(replace(replace(replace(replace($1, 'Œ', 'OE'), 'œ', 'oe'), 'Æ', 'AE'), 'æ', 'ae'), 'ẞ', 'SS'), 'ß', 'ss'),
    'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžØøĐđĦħıŁłĿŀŦŧ’',
    'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoDdHhiLlLlTt'''))
$$;--> statement-breakpoint
CREATE INDEX "customers_name_prefix_idx" ON "customers" USING btree (search_fold("first_name" || ' ' || "last_name") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customers_last_name_prefix_idx" ON "customers" USING btree (search_fold("last_name") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "orders_recent_idx" ON "orders" USING btree ("placed_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "orders_number_prefix_idx" ON "orders" USING btree (lower("number") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "returns_number_prefix_idx" ON "returns" USING btree (lower("number") text_pattern_ops);