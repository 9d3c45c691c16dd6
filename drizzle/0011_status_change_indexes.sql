DROP INDEX `emails_batch_status`;--> statement-breakpoint
DROP INDEX `emails_account_sent`;--> statement-breakpoint
DROP INDEX `emails_status_sent_at`;--> statement-breakpoint
DROP INDEX `emails_status_updated`;--> statement-breakpoint
DROP INDEX `emails_series`;--> statement-breakpoint
CREATE INDEX `emails_batch_status` ON `emails` (`batch_id`,`status`) WHERE batch_id is not null;--> statement-breakpoint
CREATE INDEX `emails_account_sent` ON `emails` (`account_id`,`sent_at`) WHERE sent_at is not null;--> statement-breakpoint
CREATE INDEX `emails_status_sent_at` ON `emails` (`status`,`sent_at`,`id`) WHERE status = 'sent';--> statement-breakpoint
CREATE INDEX `emails_status_updated` ON `emails` (`status`,`updated_at`,`id`) WHERE status = 'failed' or status = 'cancelled' or status = 'uncertain';--> statement-breakpoint
CREATE INDEX `emails_series` ON `emails` (`series_id`,`status`) WHERE series_id is not null;