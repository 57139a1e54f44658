ALTER TABLE `people` ADD `erased_at` text;--> statement-breakpoint
ALTER TABLE `people` ADD `erased_by` text;--> statement-breakpoint
CREATE INDEX `people_erased_idx` ON `people` (`erased_at`) WHERE erased_at IS NOT NULL;