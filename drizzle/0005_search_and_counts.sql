-- Hand-written (drizzle-kit cannot express virtual tables or triggers).
-- 1. Counts per status, kept by triggers, so `status` and the tray never count a million rows.
INSERT INTO `email_status_counts` (`status`, `count`) SELECT `status`, count(*) FROM `emails` GROUP BY `status`;
--> statement-breakpoint
CREATE TRIGGER `emails_count_insert` AFTER INSERT ON `emails` BEGIN
  INSERT INTO `email_status_counts` (`status`, `count`) VALUES (new.`status`, 1)
    ON CONFLICT (`status`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `emails_count_delete` AFTER DELETE ON `emails` BEGIN
  UPDATE `email_status_counts` SET `count` = `count` - 1 WHERE `status` = old.`status`;
END;
--> statement-breakpoint
CREATE TRIGGER `emails_count_status` AFTER UPDATE OF `status` ON `emails` WHEN old.`status` IS NOT new.`status` BEGIN
  UPDATE `email_status_counts` SET `count` = `count` - 1 WHERE `status` = old.`status`;
  INSERT INTO `email_status_counts` (`status`, `count`) VALUES (new.`status`, 1)
    ON CONFLICT (`status`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
-- 2. Search: a contentless FTS5 index (trigram, so any substring of 3+ characters is found, like
-- the LIKE it replaces) over the subject and the To/Cc lists. It stores no copy of the text, only
-- the index; rows are found by rowid = emails.id. Triggers keep it in step with every write.
CREATE VIRTUAL TABLE `email_search` USING fts5(`subject`, `recipients`, content='', contentless_delete=1, tokenize='trigram');
--> statement-breakpoint
INSERT INTO `email_search` (`rowid`, `subject`, `recipients`)
  SELECT e.`id`, e.`subject`, c.`to_json` || ' ' || c.`cc_json` FROM `emails` e JOIN `email_contents` c ON c.`email_id` = e.`id`;
--> statement-breakpoint
CREATE TRIGGER `email_search_insert` AFTER INSERT ON `email_contents` BEGIN
  INSERT INTO `email_search` (`rowid`, `subject`, `recipients`)
    SELECT new.`email_id`, e.`subject`, new.`to_json` || ' ' || new.`cc_json` FROM `emails` e WHERE e.`id` = new.`email_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `email_search_recipients` AFTER UPDATE OF `to_json`, `cc_json` ON `email_contents` BEGIN
  DELETE FROM `email_search` WHERE `rowid` = old.`email_id`;
  INSERT INTO `email_search` (`rowid`, `subject`, `recipients`)
    SELECT new.`email_id`, e.`subject`, new.`to_json` || ' ' || new.`cc_json` FROM `emails` e WHERE e.`id` = new.`email_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `email_search_subject` AFTER UPDATE OF `subject` ON `emails` WHEN old.`subject` IS NOT new.`subject` BEGIN
  DELETE FROM `email_search` WHERE `rowid` = old.`id`;
  INSERT INTO `email_search` (`rowid`, `subject`, `recipients`)
    SELECT new.`id`, new.`subject`, c.`to_json` || ' ' || c.`cc_json` FROM `email_contents` c WHERE c.`email_id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `email_search_delete` AFTER DELETE ON `emails` BEGIN
  DELETE FROM `email_search` WHERE `rowid` = old.`id`;
END;
