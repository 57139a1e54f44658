CREATE TABLE `distinct_pairs` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`kind` text DEFAULT '' NOT NULL,
	`a_id` text DEFAULT '' NOT NULL,
	`b_id` text DEFAULT '' NOT NULL,
	`by_id` text
);
--> statement-breakpoint
CREATE TABLE `handovers` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`member_id` text DEFAULT '' NOT NULL,
	`to_ids` text DEFAULT '[]' NOT NULL,
	`assign` text DEFAULT '{}' NOT NULL,
	`by_id` text,
	`at` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `merges` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`kind` text DEFAULT '' NOT NULL,
	`from_id` text DEFAULT '' NOT NULL,
	`into_id` text DEFAULT '' NOT NULL,
	`by_id` text,
	`at` text DEFAULT '' NOT NULL,
	`from_clocks` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `merges_from_idx` ON `merges` (`from_id`);--> statement-breakpoint
CREATE INDEX `merges_into_idx` ON `merges` (`into_id`);