CREATE TABLE `sync_orphans` (
	`tbl` text NOT NULL,
	`row_id` text NOT NULL,
	`field` text NOT NULL,
	`clock` text NOT NULL,
	`value` text NOT NULL,
	`supersedes` text NOT NULL,
	PRIMARY KEY(`tbl`, `row_id`, `field`, `clock`)
);
--> statement-breakpoint
CREATE TABLE `sync_purged` (
	`tbl` text NOT NULL,
	`row_id` text NOT NULL,
	`clock` text NOT NULL,
	PRIMARY KEY(`tbl`, `row_id`)
);
