CREATE TABLE `email_due_minutes` (
	`minute` integer PRIMARY KEY NOT NULL,
	`count` integer NOT NULL
);

--> statement-breakpoint
-- Hand-written below (drizzle-kit cannot express triggers). Waiting mail per minute of its next
-- try: filled from the existing rows, then kept by triggers on every write that changes a waiting
-- email's status or moves its next try to another minute. A minute whose count reaches 0 is
-- deleted, so the table holds only minutes that still have waiting mail.
INSERT INTO `email_due_minutes` (`minute`, `count`)
  SELECT `next_attempt_at` / 60000, count(*) FROM `emails` WHERE `status` IN ('queued', 'scheduled') GROUP BY 1;
--> statement-breakpoint
CREATE TRIGGER `emails_due_minutes_insert` AFTER INSERT ON `emails` WHEN new.`status` IN ('queued', 'scheduled') BEGIN
  INSERT INTO `email_due_minutes` (`minute`, `count`) VALUES (new.`next_attempt_at` / 60000, 1)
    ON CONFLICT (`minute`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `emails_due_minutes_delete` AFTER DELETE ON `emails` WHEN old.`status` IN ('queued', 'scheduled') BEGIN
  UPDATE `email_due_minutes` SET `count` = `count` - 1 WHERE `minute` = old.`next_attempt_at` / 60000;
  DELETE FROM `email_due_minutes` WHERE `minute` = old.`next_attempt_at` / 60000 AND `count` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `emails_due_minutes_leave` AFTER UPDATE OF `status`, `next_attempt_at` ON `emails`
  WHEN old.`status` IN ('queued', 'scheduled')
   AND (new.`status` NOT IN ('queued', 'scheduled') OR old.`next_attempt_at` / 60000 IS NOT new.`next_attempt_at` / 60000) BEGIN
  UPDATE `email_due_minutes` SET `count` = `count` - 1 WHERE `minute` = old.`next_attempt_at` / 60000;
  DELETE FROM `email_due_minutes` WHERE `minute` = old.`next_attempt_at` / 60000 AND `count` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `emails_due_minutes_enter` AFTER UPDATE OF `status`, `next_attempt_at` ON `emails`
  WHEN new.`status` IN ('queued', 'scheduled')
   AND (old.`status` NOT IN ('queued', 'scheduled') OR old.`next_attempt_at` / 60000 IS NOT new.`next_attempt_at` / 60000) BEGIN
  INSERT INTO `email_due_minutes` (`minute`, `count`) VALUES (new.`next_attempt_at` / 60000, 1)
    ON CONFLICT (`minute`) DO UPDATE SET `count` = `count` + 1;
END;
