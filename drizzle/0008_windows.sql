ALTER TABLE `accounts` ADD `sending_window` text;--> statement-breakpoint
ALTER TABLE `batches` ADD `sending_window` text;