ALTER TABLE `emails` ADD `expires_after_minutes` integer;--> statement-breakpoint
CREATE INDEX `emails_expiring` ON `emails` (`status`,`next_attempt_at`) WHERE expires_after_minutes is not null;