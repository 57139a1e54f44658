ALTER TABLE `people` ADD `erased_at` text;--> statement-breakpoint
ALTER TABLE `people` ADD `erased_by` text;