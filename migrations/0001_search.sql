-- Full-text search over accounts, people and touchpoint text.
--
-- search_records (accounts, people) and search_touchpoints: FTS5 with the trigram tokenizer, so
-- any substring of three characters or more matches, in any script, case-insensitively. Names and
-- touchpoint text are apart so a common word in a million touchpoints never slows finding a person.
-- search_record_chars and search_touchpoint_chars: the same text with every CJK character made a word of its own (rapport_spaced(),
-- a function the app registers on each connection) under unicode61, so one- and two-character
-- Chinese queries — a given name like 伟 — are served by an index too; trigrams cannot. Its
-- `label` and `detail` keep the text as written, for showing a hit.
--
-- Triggers keep the indexes current for local writes and applied sync changes alike. The index
-- rowid is the base row's rowid * 4 + kind (1 account, 2 person, 3 touchpoint), so an update or
-- delete touches its own entry. A table listed in search_progress is being (re)indexed in the
-- background (after a bootstrap from a snapshot): its triggers index only rows the rebuild has
-- already passed (rowid <= cursor), the rebuild does the rest, and search scans meanwhile.
CREATE TABLE search_progress (tbl text PRIMARY KEY NOT NULL, cursor integer NOT NULL);
--> statement-breakpoint
CREATE VIRTUAL TABLE search_records USING fts5(kind UNINDEXED, ref_id UNINDEXED, account_id UNINDEXED, title, body, tokenize = 'trigram');
--> statement-breakpoint
CREATE VIRTUAL TABLE search_touchpoints USING fts5(kind UNINDEXED, ref_id UNINDEXED, account_id UNINDEXED, title, body, tokenize = 'trigram');
--> statement-breakpoint
CREATE VIRTUAL TABLE search_record_chars USING fts5(kind UNINDEXED, ref_id UNINDEXED, account_id UNINDEXED, label UNINDEXED, detail UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE VIRTUAL TABLE search_touchpoint_chars USING fts5(kind UNINDEXED, ref_id UNINDEXED, account_id UNINDEXED, label UNINDEXED, detail UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER accounts_search_insert AFTER INSERT ON accounts WHEN (SELECT cursor FROM search_progress WHERE tbl = 'accounts') IS NULL OR new.rowid <= (SELECT cursor FROM search_progress WHERE tbl = 'accounts') BEGIN
  INSERT INTO search_records (rowid, kind, ref_id, account_id, title, body) SELECT new.rowid * 4 + 1, 'account', new.id, new.id, new.name, coalesce(CASE WHEN json_valid(new.aliases) THEN (SELECT group_concat(value, ' ') FROM json_each(new.aliases)) ELSE new.aliases END, '') || ' ' || coalesce(new.industry, '') || ' ' || coalesce(new.region, '') WHERE new.deleted_at IS NULL;
  INSERT INTO search_record_chars (rowid, kind, ref_id, account_id, label, detail, title, body) SELECT new.rowid * 4 + 1, 'account', new.id, new.id, new.name, coalesce(CASE WHEN json_valid(new.aliases) THEN (SELECT group_concat(value, ' ') FROM json_each(new.aliases)) ELSE new.aliases END, '') || ' ' || coalesce(new.industry, '') || ' ' || coalesce(new.region, ''), rapport_spaced(new.name), rapport_spaced(coalesce(CASE WHEN json_valid(new.aliases) THEN (SELECT group_concat(value, ' ') FROM json_each(new.aliases)) ELSE new.aliases END, '') || ' ' || coalesce(new.industry, '') || ' ' || coalesce(new.region, '')) WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER accounts_search_update AFTER UPDATE OF name, aliases, industry, region, deleted_at ON accounts WHEN (SELECT cursor FROM search_progress WHERE tbl = 'accounts') IS NULL OR new.rowid <= (SELECT cursor FROM search_progress WHERE tbl = 'accounts') BEGIN
  DELETE FROM search_records WHERE rowid = old.rowid * 4 + 1;
  DELETE FROM search_record_chars WHERE rowid = old.rowid * 4 + 1;
  INSERT INTO search_records (rowid, kind, ref_id, account_id, title, body) SELECT new.rowid * 4 + 1, 'account', new.id, new.id, new.name, coalesce(CASE WHEN json_valid(new.aliases) THEN (SELECT group_concat(value, ' ') FROM json_each(new.aliases)) ELSE new.aliases END, '') || ' ' || coalesce(new.industry, '') || ' ' || coalesce(new.region, '') WHERE new.deleted_at IS NULL;
  INSERT INTO search_record_chars (rowid, kind, ref_id, account_id, label, detail, title, body) SELECT new.rowid * 4 + 1, 'account', new.id, new.id, new.name, coalesce(CASE WHEN json_valid(new.aliases) THEN (SELECT group_concat(value, ' ') FROM json_each(new.aliases)) ELSE new.aliases END, '') || ' ' || coalesce(new.industry, '') || ' ' || coalesce(new.region, ''), rapport_spaced(new.name), rapport_spaced(coalesce(CASE WHEN json_valid(new.aliases) THEN (SELECT group_concat(value, ' ') FROM json_each(new.aliases)) ELSE new.aliases END, '') || ' ' || coalesce(new.industry, '') || ' ' || coalesce(new.region, '')) WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER accounts_search_delete AFTER DELETE ON accounts BEGIN
  DELETE FROM search_records WHERE rowid = old.rowid * 4 + 1;
  DELETE FROM search_record_chars WHERE rowid = old.rowid * 4 + 1;
END;
--> statement-breakpoint
CREATE TRIGGER people_search_insert AFTER INSERT ON people WHEN (SELECT cursor FROM search_progress WHERE tbl = 'people') IS NULL OR new.rowid <= (SELECT cursor FROM search_progress WHERE tbl = 'people') BEGIN
  INSERT INTO search_records (rowid, kind, ref_id, account_id, title, body) SELECT new.rowid * 4 + 2, 'person', new.id, new.account_id, new.name, coalesce(new.title, '') || ' ' || coalesce(new.department, '') || ' ' || coalesce(new.email, '') || ' ' || coalesce(new.phone, '') WHERE new.deleted_at IS NULL;
  INSERT INTO search_record_chars (rowid, kind, ref_id, account_id, label, detail, title, body) SELECT new.rowid * 4 + 2, 'person', new.id, new.account_id, new.name, coalesce(new.title, '') || ' ' || coalesce(new.department, '') || ' ' || coalesce(new.email, '') || ' ' || coalesce(new.phone, ''), rapport_spaced(new.name), rapport_spaced(coalesce(new.title, '') || ' ' || coalesce(new.department, '') || ' ' || coalesce(new.email, '') || ' ' || coalesce(new.phone, '')) WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER people_search_update AFTER UPDATE OF account_id, name, title, department, email, phone, deleted_at ON people WHEN (SELECT cursor FROM search_progress WHERE tbl = 'people') IS NULL OR new.rowid <= (SELECT cursor FROM search_progress WHERE tbl = 'people') BEGIN
  DELETE FROM search_records WHERE rowid = old.rowid * 4 + 2;
  DELETE FROM search_record_chars WHERE rowid = old.rowid * 4 + 2;
  INSERT INTO search_records (rowid, kind, ref_id, account_id, title, body) SELECT new.rowid * 4 + 2, 'person', new.id, new.account_id, new.name, coalesce(new.title, '') || ' ' || coalesce(new.department, '') || ' ' || coalesce(new.email, '') || ' ' || coalesce(new.phone, '') WHERE new.deleted_at IS NULL;
  INSERT INTO search_record_chars (rowid, kind, ref_id, account_id, label, detail, title, body) SELECT new.rowid * 4 + 2, 'person', new.id, new.account_id, new.name, coalesce(new.title, '') || ' ' || coalesce(new.department, '') || ' ' || coalesce(new.email, '') || ' ' || coalesce(new.phone, ''), rapport_spaced(new.name), rapport_spaced(coalesce(new.title, '') || ' ' || coalesce(new.department, '') || ' ' || coalesce(new.email, '') || ' ' || coalesce(new.phone, '')) WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER people_search_delete AFTER DELETE ON people BEGIN
  DELETE FROM search_records WHERE rowid = old.rowid * 4 + 2;
  DELETE FROM search_record_chars WHERE rowid = old.rowid * 4 + 2;
END;
--> statement-breakpoint
CREATE TRIGGER touchpoints_search_insert AFTER INSERT ON touchpoints WHEN (SELECT cursor FROM search_progress WHERE tbl = 'touchpoints') IS NULL OR new.rowid <= (SELECT cursor FROM search_progress WHERE tbl = 'touchpoints') BEGIN
  INSERT INTO search_touchpoints (rowid, kind, ref_id, account_id, title, body) SELECT new.rowid * 4 + 3, 'touchpoint', new.id, new.account_id, '', new.summary || ' ' || coalesce(new.needs, '') WHERE new.deleted_at IS NULL;
  INSERT INTO search_touchpoint_chars (rowid, kind, ref_id, account_id, label, detail, title, body) SELECT new.rowid * 4 + 3, 'touchpoint', new.id, new.account_id, '', '', rapport_spaced(''), rapport_spaced(new.summary || ' ' || coalesce(new.needs, '')) WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER touchpoints_search_update AFTER UPDATE OF account_id, summary, needs, deleted_at ON touchpoints WHEN (SELECT cursor FROM search_progress WHERE tbl = 'touchpoints') IS NULL OR new.rowid <= (SELECT cursor FROM search_progress WHERE tbl = 'touchpoints') BEGIN
  DELETE FROM search_touchpoints WHERE rowid = old.rowid * 4 + 3;
  DELETE FROM search_touchpoint_chars WHERE rowid = old.rowid * 4 + 3;
  INSERT INTO search_touchpoints (rowid, kind, ref_id, account_id, title, body) SELECT new.rowid * 4 + 3, 'touchpoint', new.id, new.account_id, '', new.summary || ' ' || coalesce(new.needs, '') WHERE new.deleted_at IS NULL;
  INSERT INTO search_touchpoint_chars (rowid, kind, ref_id, account_id, label, detail, title, body) SELECT new.rowid * 4 + 3, 'touchpoint', new.id, new.account_id, '', '', rapport_spaced(''), rapport_spaced(new.summary || ' ' || coalesce(new.needs, '')) WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER touchpoints_search_delete AFTER DELETE ON touchpoints BEGIN
  DELETE FROM search_touchpoints WHERE rowid = old.rowid * 4 + 3;
  DELETE FROM search_touchpoint_chars WHERE rowid = old.rowid * 4 + 3;
END;
