CREATE TABLE `account_health` (
	`account_id` text PRIMARY KEY NOT NULL,
	`score` integer NOT NULL,
	`colour` text NOT NULL,
	`top_reason` text,
	`computed_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `account_health_colour_idx` ON `account_health` (`colour`,`score`);--> statement-breakpoint
CREATE TABLE `account_values` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`account_id` text DEFAULT '' NOT NULL,
	`as_of` text DEFAULT '' NOT NULL,
	`lifetime_value` real,
	`potential` real,
	`share_of_wallet` real,
	`currency` text
);
--> statement-breakpoint
CREATE INDEX `account_values_account_idx` ON `account_values` (`account_id`,`as_of`);--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`account_id` text DEFAULT '' NOT NULL,
	`rule` text DEFAULT '' NOT NULL,
	`colour` text DEFAULT 'yellow' NOT NULL,
	`evidence` text DEFAULT '' NOT NULL,
	`evidence_key` text DEFAULT '' NOT NULL,
	`owner_id` text,
	`state` text DEFAULT 'open' NOT NULL,
	`state_reason` text,
	`raised_at` text DEFAULT '' NOT NULL,
	`plan_kind` text,
	`our_executive_id` text,
	`their_executive_id` text,
	`intervene_by` text
);
--> statement-breakpoint
CREATE INDEX `alerts_account_idx` ON `alerts` (`account_id`);--> statement-breakpoint
CREATE INDEX `alerts_state_idx` ON `alerts` (`state`,`colour`);--> statement-breakpoint
CREATE TABLE `competitor_activities` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`account_id` text DEFAULT '' NOT NULL,
	`competitor` text DEFAULT '' NOT NULL,
	`activity` text DEFAULT '' NOT NULL,
	`seen_on` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `competitor_activities_account_idx` ON `competitor_activities` (`account_id`,`seen_on`);--> statement-breakpoint
CREATE TABLE `plan_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`plan_kind` text DEFAULT 'maintenance' NOT NULL,
	`tasks` text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `purchases` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`account_id` text DEFAULT '' NOT NULL,
	`period` text DEFAULT '' NOT NULL,
	`amount` real DEFAULT 0 NOT NULL,
	`currency` text DEFAULT '' NOT NULL,
	`product_line` text,
	`volume` real,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `purchases_account_period_idx` ON `purchases` (`account_id`,`period`);--> statement-breakpoint
CREATE TABLE `satisfaction_responses` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`account_id` text DEFAULT '' NOT NULL,
	`person_id` text,
	`answered_on` text DEFAULT '' NOT NULL,
	`nps` integer,
	`csat` integer,
	`ces` integer,
	`comment` text
);
--> statement-breakpoint
CREATE INDEX `satisfaction_account_answered_idx` ON `satisfaction_responses` (`account_id`,`answered_on`);--> statement-breakpoint
CREATE TABLE `service_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`account_id` text DEFAULT '' NOT NULL,
	`person_id` text,
	`opened_at` text DEFAULT '' NOT NULL,
	`closed_at` text,
	`severity` text DEFAULT 'medium' NOT NULL,
	`channel` text,
	`first_response_hours` real,
	`complaint` integer DEFAULT 0 NOT NULL,
	`summary` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `service_requests_account_opened_idx` ON `service_requests` (`account_id`,`opened_at`);--> statement-breakpoint
CREATE TABLE `team_settings` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`deleted_at` text,
	`sync_clocks` text DEFAULT '{}' NOT NULL,
	`value` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
ALTER TABLE `follow_ups` ADD `alert_id` text;--> statement-breakpoint
CREATE INDEX `follow_ups_alert_idx` ON `follow_ups` (`alert_id`);