CREATE TABLE `series` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`rule` text NOT NULL,
	`time_zone` text NOT NULL,
	`start_local` integer NOT NULL,
	`template_json` text NOT NULL,
	`max_attempts` integer NOT NULL,
	`occurrences` integer DEFAULT 0 NOT NULL,
	`last_occurrence_at` integer,
	`state` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `emails` ADD `series_id` integer;--> statement-breakpoint
ALTER TABLE `emails` ADD `occurrence_at` integer;--> statement-breakpoint
CREATE INDEX `emails_series` ON `emails` (`series_id`,`status`);