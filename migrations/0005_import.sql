CREATE TABLE `import_batch_rows` (
	`batch_id` text NOT NULL,
	`tbl` text NOT NULL,
	`row_id` text NOT NULL,
	`before` text,
	`after` text,
	PRIMARY KEY(`batch_id`, `tbl`, `row_id`)
);
--> statement-breakpoint
CREATE TABLE `import_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`created` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`state` text DEFAULT 'running' NOT NULL,
	`start_seq` integer DEFAULT 0 NOT NULL,
	`published` text
);
