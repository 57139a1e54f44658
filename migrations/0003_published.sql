CREATE TABLE `sync_published` (
	`device` text NOT NULL,
	`name` text NOT NULL,
	`seq` integer NOT NULL,
	`bytes` blob NOT NULL,
	PRIMARY KEY(`device`, `name`)
);
