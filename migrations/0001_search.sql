-- Full-text search over accounts, people and touchpoint text: FTS5 with the trigram tokenizer,
-- so a Chinese substring matches and English is case-insensitive. Two indexes: names (accounts
-- and people, small, ranked) and touchpoint text (large, newest first), so a common word in a
-- million touchpoints never slows down finding a person.
-- Kept up to date by triggers, so local writes and applied sync changes are indexed alike. The
-- index rowid is the base row's rowid * 4 + kind (1 account, 2 person, 3 touchpoint): an update
-- or delete touches its own entry by rowid instead of scanning.
CREATE VIRTUAL TABLE search_records USING fts5(kind UNINDEXED, ref_id UNINDEXED, account_id UNINDEXED, title, body, tokenize = 'trigram');
--> statement-breakpoint
CREATE VIRTUAL TABLE search_touchpoints USING fts5(kind UNINDEXED, ref_id UNINDEXED, account_id UNINDEXED, title, body, tokenize = 'trigram');
--> statement-breakpoint
CREATE TRIGGER accounts_search_insert AFTER INSERT ON accounts BEGIN
  INSERT INTO search_records (rowid, kind, ref_id, account_id, title, body) SELECT new.rowid * 4 + 1, 'account', new.id, new.id, new.name, coalesce(CASE WHEN json_valid(new.aliases) THEN (SELECT group_concat(value, ' ') FROM json_each(new.aliases)) ELSE new.aliases END, '') || ' ' || coalesce(new.industry, '') || ' ' || coalesce(new.region, '') WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER accounts_search_update AFTER UPDATE OF name, aliases, industry, region, deleted_at ON accounts BEGIN
  DELETE FROM search_records WHERE rowid = old.rowid * 4 + 1;
  INSERT INTO search_records (rowid, kind, ref_id, account_id, title, body) SELECT new.rowid * 4 + 1, 'account', new.id, new.id, new.name, coalesce(CASE WHEN json_valid(new.aliases) THEN (SELECT group_concat(value, ' ') FROM json_each(new.aliases)) ELSE new.aliases END, '') || ' ' || coalesce(new.industry, '') || ' ' || coalesce(new.region, '') WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER accounts_search_delete AFTER DELETE ON accounts BEGIN
  DELETE FROM search_records WHERE rowid = old.rowid * 4 + 1;
END;
--> statement-breakpoint
INSERT INTO search_records (rowid, kind, ref_id, account_id, title, body) SELECT rowid * 4 + 1, 'account', id, id, name, coalesce(CASE WHEN json_valid(aliases) THEN (SELECT group_concat(value, ' ') FROM json_each(aliases)) ELSE aliases END, '') || ' ' || coalesce(industry, '') || ' ' || coalesce(region, '') FROM accounts WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE TRIGGER people_search_insert AFTER INSERT ON people BEGIN
  INSERT INTO search_records (rowid, kind, ref_id, account_id, title, body) SELECT new.rowid * 4 + 2, 'person', new.id, new.account_id, new.name, coalesce(new.title, '') || ' ' || coalesce(new.department, '') || ' ' || coalesce(new.email, '') || ' ' || coalesce(new.phone, '') WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER people_search_update AFTER UPDATE OF account_id, name, title, department, email, phone, deleted_at ON people BEGIN
  DELETE FROM search_records WHERE rowid = old.rowid * 4 + 2;
  INSERT INTO search_records (rowid, kind, ref_id, account_id, title, body) SELECT new.rowid * 4 + 2, 'person', new.id, new.account_id, new.name, coalesce(new.title, '') || ' ' || coalesce(new.department, '') || ' ' || coalesce(new.email, '') || ' ' || coalesce(new.phone, '') WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER people_search_delete AFTER DELETE ON people BEGIN
  DELETE FROM search_records WHERE rowid = old.rowid * 4 + 2;
END;
--> statement-breakpoint
INSERT INTO search_records (rowid, kind, ref_id, account_id, title, body) SELECT rowid * 4 + 2, 'person', id, account_id, name, coalesce(title, '') || ' ' || coalesce(department, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '') FROM people WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE TRIGGER touchpoints_search_insert AFTER INSERT ON touchpoints BEGIN
  INSERT INTO search_touchpoints (rowid, kind, ref_id, account_id, title, body) SELECT new.rowid * 4 + 3, 'touchpoint', new.id, new.account_id, '', new.summary || ' ' || coalesce(new.needs, '') WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER touchpoints_search_update AFTER UPDATE OF account_id, summary, needs, deleted_at ON touchpoints BEGIN
  DELETE FROM search_touchpoints WHERE rowid = old.rowid * 4 + 3;
  INSERT INTO search_touchpoints (rowid, kind, ref_id, account_id, title, body) SELECT new.rowid * 4 + 3, 'touchpoint', new.id, new.account_id, '', new.summary || ' ' || coalesce(new.needs, '') WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER touchpoints_search_delete AFTER DELETE ON touchpoints BEGIN
  DELETE FROM search_touchpoints WHERE rowid = old.rowid * 4 + 3;
END;
--> statement-breakpoint
INSERT INTO search_touchpoints (rowid, kind, ref_id, account_id, title, body) SELECT rowid * 4 + 3, 'touchpoint', id, account_id, '', summary || ' ' || coalesce(needs, '') FROM touchpoints WHERE deleted_at IS NULL;
