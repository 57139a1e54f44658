PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_sync_conflicts` (
	`tbl` text NOT NULL,
	`row_id` text NOT NULL,
	`field` text NOT NULL,
	`clock` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`tbl`, `row_id`, `field`, `clock`, `value`)
);
--> statement-breakpoint
INSERT INTO `__new_sync_conflicts`("tbl", "row_id", "field", "clock", "value") SELECT "tbl", "row_id", "field", "clock", "value" FROM `sync_conflicts`;--> statement-breakpoint
DROP TABLE `sync_conflicts`;--> statement-breakpoint
ALTER TABLE `__new_sync_conflicts` RENAME TO `sync_conflicts`;--> statement-breakpoint
PRAGMA foreign_keys=ON;