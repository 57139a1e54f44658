PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_sync_orphans` (
	`tbl` text NOT NULL,
	`row_id` text NOT NULL,
	`field` text NOT NULL,
	`clock` text NOT NULL,
	`value` text NOT NULL,
	`supersedes` text NOT NULL,
	PRIMARY KEY(`tbl`, `row_id`, `field`, `clock`, `value`)
);
--> statement-breakpoint
INSERT INTO `__new_sync_orphans`("tbl", "row_id", "field", "clock", "value", "supersedes") SELECT "tbl", "row_id", "field", "clock", "value", "supersedes" FROM `sync_orphans`;--> statement-breakpoint
DROP TABLE `sync_orphans`;--> statement-breakpoint
ALTER TABLE `__new_sync_orphans` RENAME TO `sync_orphans`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE TABLE `__new_sync_pending` (
	`tbl` text NOT NULL,
	`row_id` text NOT NULL,
	`field` text NOT NULL,
	`clock` text NOT NULL,
	`value` text NOT NULL,
	`supersedes` text NOT NULL,
	PRIMARY KEY(`tbl`, `row_id`, `field`, `clock`, `value`)
);
--> statement-breakpoint
INSERT INTO `__new_sync_pending`("tbl", "row_id", "field", "clock", "value", "supersedes") SELECT "tbl", "row_id", "field", "clock", "value", "supersedes" FROM `sync_pending`;--> statement-breakpoint
DROP TABLE `sync_pending`;--> statement-breakpoint
ALTER TABLE `__new_sync_pending` RENAME TO `sync_pending`;