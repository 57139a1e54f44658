CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`name` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `accounts_deleted_at_idx` ON `accounts` (`deleted_at`);--> statement-breakpoint
CREATE TABLE `local_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_conflicts` (
	`tbl` text NOT NULL,
	`row_id` text NOT NULL,
	`field` text NOT NULL,
	`clock` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`tbl`, `row_id`, `field`, `clock`)
);
--> statement-breakpoint
CREATE TABLE `sync_outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tbl` text NOT NULL,
	`row_id` text NOT NULL,
	`field` text NOT NULL,
	`value` text NOT NULL,
	`clock` text NOT NULL,
	`supersedes` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_peers` (
	`device` text PRIMARY KEY NOT NULL,
	`applied_seq` integer DEFAULT 0 NOT NULL,
	`last_hash` text,
	`last_wall` integer,
	`last_seen` integer,
	`retired` integer DEFAULT 0 NOT NULL,
	`snapshot_seq` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_pending` (
	`tbl` text NOT NULL,
	`row_id` text NOT NULL,
	`field` text NOT NULL,
	`clock` text NOT NULL,
	`value` text NOT NULL,
	`supersedes` text NOT NULL,
	PRIMARY KEY(`tbl`, `row_id`, `field`, `clock`)
);
--> statement-breakpoint
CREATE TABLE `sync_quarantine` (
	`path` text PRIMARY KEY NOT NULL,
	`reason` text NOT NULL,
	`first_seen` integer NOT NULL,
	`last_tried` integer NOT NULL,
	`tries` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_segments` (
	`device` text NOT NULL,
	`name` text NOT NULL,
	`seq` integer NOT NULL,
	`hash` text NOT NULL,
	PRIMARY KEY(`device`, `name`)
);
