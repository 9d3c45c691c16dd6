CREATE TABLE `email_status_counts` (
	`status` text PRIMARY KEY NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
DROP INDEX `emails_account_status`;--> statement-breakpoint
CREATE INDEX `emails_account_due` ON `emails` (`account_id`,`status`,`next_attempt_at`,`id`);--> statement-breakpoint
CREATE INDEX `emails_status_newest` ON `emails` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `emails_status_sent_at` ON `emails` (`status`,`sent_at`,`id`);--> statement-breakpoint
CREATE INDEX `emails_status_updated` ON `emails` (`status`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `emails_waiting_on_local` ON `emails` (`status`) WHERE last_error_code = 'local-service-unavailable';