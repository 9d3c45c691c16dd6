CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`provider` text NOT NULL,
	`display_name` text,
	`settings` text DEFAULT '{}' NOT NULL,
	`limits` text DEFAULT '{}' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`state` text DEFAULT 'ok' NOT NULL,
	`state_reason` text,
	`secret_ref` text NOT NULL,
	`paused_until` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_provider_email` ON `accounts` (`provider`,`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_secret_ref` ON `accounts` (`secret_ref`);--> statement-breakpoint
CREATE TABLE `attachment_blobs` (
	`sha256` text PRIMARY KEY NOT NULL,
	`size` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`attempt` integer NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`outcome` text NOT NULL,
	`error_code` text,
	`provider_code` text,
	`message` text,
	FOREIGN KEY (`email_id`) REFERENCES `emails`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `attempts_email` ON `attempts` (`email_id`,`attempt`);--> statement-breakpoint
CREATE INDEX `attempts_account_started` ON `attempts` (`account_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `email_attachments` (
	`email_id` integer NOT NULL,
	`position` integer NOT NULL,
	`sha256` text NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	PRIMARY KEY(`email_id`, `position`),
	FOREIGN KEY (`email_id`) REFERENCES `emails`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `email_attachments_sha` ON `email_attachments` (`sha256`);--> statement-breakpoint
CREATE TABLE `email_contents` (
	`email_id` integer PRIMARY KEY NOT NULL,
	`to_json` text NOT NULL,
	`cc_json` text NOT NULL,
	`bcc_json` text NOT NULL,
	`reply_to_json` text,
	`text_body` text,
	`html_body` text,
	FOREIGN KEY (`email_id`) REFERENCES `emails`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `emails` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uid` text NOT NULL,
	`account_id` integer NOT NULL,
	`status` text NOT NULL,
	`send_at` integer NOT NULL,
	`time_zone` text NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 3 NOT NULL,
	`lease_owner` text,
	`lease_expires_at` integer,
	`transmit_started_at` integer,
	`last_error` text,
	`last_error_code` text,
	`message_id` text NOT NULL,
	`provider_message_id` text,
	`subject` text NOT NULL,
	`recipient_count` integer NOT NULL,
	`size_bytes` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `emails_uid` ON `emails` (`uid`);--> statement-breakpoint
CREATE INDEX `emails_due` ON `emails` (`status`,`next_attempt_at`,`id`);--> statement-breakpoint
CREATE INDEX `emails_account_sent` ON `emails` (`account_id`,`sent_at`);--> statement-breakpoint
CREATE INDEX `emails_account_status` ON `emails` (`account_id`,`status`);--> statement-breakpoint
CREATE TABLE `locks` (
	`name` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`pid` integer NOT NULL,
	`host` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
