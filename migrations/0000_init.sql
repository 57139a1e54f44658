CREATE TABLE `account_levels` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`account_id` text DEFAULT '' NOT NULL,
	`level` text DEFAULT 'transactional' NOT NULL,
	`since` text DEFAULT '' NOT NULL,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `account_levels_account_idx` ON `account_levels` (`account_id`);--> statement-breakpoint
CREATE TABLE `account_team` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`account_id` text DEFAULT '' NOT NULL,
	`member_id` text DEFAULT '' NOT NULL,
	`role` text
);
--> statement-breakpoint
CREATE INDEX `account_team_account_idx` ON `account_team` (`account_id`);--> statement-breakpoint
CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`aliases` text DEFAULT '[]' NOT NULL,
	`industry` text,
	`region` text,
	`tier` text DEFAULT 'standard' NOT NULL,
	`stage` text DEFAULT 'prospect' NOT NULL,
	`level` text DEFAULT 'transactional' NOT NULL,
	`parent_id` text,
	`owner_id` text,
	`source` text,
	`referral_account_id` text,
	`referral_person_id` text,
	`share_of_wallet` real,
	`notes` text
);
--> statement-breakpoint
CREATE INDEX `accounts_deleted_at_idx` ON `accounts` (`deleted_at`);--> statement-breakpoint
CREATE INDEX `accounts_parent_idx` ON `accounts` (`parent_id`);--> statement-breakpoint
CREATE TABLE `agreements` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`account_id` text DEFAULT '' NOT NULL,
	`kind` text DEFAULT 'framework' NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`start_date` text,
	`renewal_date` text,
	`value` real,
	`currency` text
);
--> statement-breakpoint
CREATE INDEX `agreements_account_idx` ON `agreements` (`account_id`);--> statement-breakpoint
CREATE TABLE `follow_ups` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`touchpoint_id` text,
	`account_id` text DEFAULT '' NOT NULL,
	`task` text DEFAULT '' NOT NULL,
	`owner_id` text,
	`due_date` text,
	`done` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `follow_ups_account_idx` ON `follow_ups` (`account_id`);--> statement-breakpoint
CREATE INDEX `follow_ups_due_idx` ON `follow_ups` (`done`,`due_date`);--> statement-breakpoint
CREATE TABLE `influence_links` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`account_id` text DEFAULT '' NOT NULL,
	`from_id` text DEFAULT '' NOT NULL,
	`to_id` text DEFAULT '' NOT NULL,
	`strength` integer DEFAULT 3 NOT NULL,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `influence_links_account_idx` ON `influence_links` (`account_id`);--> statement-breakpoint
CREATE TABLE `initiatives` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`account_id` text DEFAULT '' NOT NULL,
	`kind` text DEFAULT 'other' NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`start_date` text,
	`end_date` text,
	`our_participants` text DEFAULT '[]' NOT NULL,
	`their_participants` text DEFAULT '[]' NOT NULL,
	`notes` text
);
--> statement-breakpoint
CREATE INDEX `initiatives_account_idx` ON `initiatives` (`account_id`);--> statement-breakpoint
CREATE TABLE `local_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `members` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`email` text,
	`role` text DEFAULT 'rep' NOT NULL,
	`active` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `people` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`account_id` text DEFAULT '' NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`title` text,
	`department` text,
	`phone` text,
	`email` text,
	`reports_to_id` text,
	`roles` text DEFAULT '[]' NOT NULL,
	`stance` text DEFAULT 'unknown' NOT NULL,
	`influence` integer DEFAULT 3 NOT NULL,
	`strength` integer DEFAULT 1 NOT NULL,
	`owner_ids` text DEFAULT '[]' NOT NULL,
	`preferred_channel` text,
	`cadence` text,
	`strategies` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`successor_id` text
);
--> statement-breakpoint
CREATE INDEX `people_account_idx` ON `people` (`account_id`);--> statement-breakpoint
CREATE INDEX `people_reports_to_idx` ON `people` (`reports_to_id`);--> statement-breakpoint
CREATE TABLE `person_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`person_id` text DEFAULT '' NOT NULL,
	`account_id` text DEFAULT '' NOT NULL,
	`at` text DEFAULT '' NOT NULL,
	`field` text DEFAULT '' NOT NULL,
	`value` text
);
--> statement-breakpoint
CREATE INDEX `person_changes_person_idx` ON `person_changes` (`person_id`);--> statement-breakpoint
CREATE INDEX `person_changes_account_idx` ON `person_changes` (`account_id`);--> statement-breakpoint
CREATE TABLE `person_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`person_id` text DEFAULT '' NOT NULL,
	`body` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `person_notes_person_idx` ON `person_notes` (`person_id`);--> statement-breakpoint
CREATE TABLE `role_strategies` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`strategy` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sponsor_pairs` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`account_id` text DEFAULT '' NOT NULL,
	`member_id` text DEFAULT '' NOT NULL,
	`person_id` text DEFAULT '' NOT NULL,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `sponsor_pairs_account_idx` ON `sponsor_pairs` (`account_id`);--> statement-breakpoint
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
--> statement-breakpoint
CREATE TABLE `touchpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`account_id` text DEFAULT '' NOT NULL,
	`at` text DEFAULT '' NOT NULL,
	`kind` text DEFAULT 'other' NOT NULL,
	`departments` text DEFAULT '[]' NOT NULL,
	`their_participants` text DEFAULT '[]' NOT NULL,
	`our_participants` text DEFAULT '[]' NOT NULL,
	`channel` text,
	`summary` text DEFAULT '' NOT NULL,
	`sentiment` integer,
	`needs` text
);
--> statement-breakpoint
CREATE INDEX `touchpoints_account_at_idx` ON `touchpoints` (`account_id`,`at`);