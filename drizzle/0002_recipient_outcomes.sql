CREATE TABLE `recipient_outcomes` (
	`email_id` integer NOT NULL,
	`address` text NOT NULL,
	`outcome` text NOT NULL,
	`reason` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`email_id`, `address`),
	FOREIGN KEY (`email_id`) REFERENCES `emails`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `recipient_outcomes_outcome` ON `recipient_outcomes` (`outcome`,`email_id`);