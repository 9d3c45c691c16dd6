CREATE TABLE `batch_rows` (
	`batch_id` integer NOT NULL,
	`row` integer NOT NULL,
	`values_json` text NOT NULL,
	`email_id` integer,
	`skipped` text,
	PRIMARY KEY(`batch_id`, `row`),
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `batch_rows_email` ON `batch_rows` (`email_id`);--> statement-breakpoint
CREATE TABLE `batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`account_id` integer NOT NULL,
	`columns_json` text NOT NULL,
	`delimiter` text DEFAULT ',' NOT NULL,
	`total` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `email_contents` ADD `list_unsubscribe` text;--> statement-breakpoint
ALTER TABLE `emails` ADD `batch_id` integer;--> statement-breakpoint
CREATE INDEX `emails_batch_status` ON `emails` (`batch_id`,`status`);