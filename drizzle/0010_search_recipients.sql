-- Hand-written (drizzle-kit cannot express virtual tables or triggers). Replaces the search index
-- of 0005 and rebuilds it from existing mail.
-- 1. Recipients are indexed as the user sees them: each To/Cc recipient's name and address
--    ("Ann Smith ann@client.example"), not their stored JSON. Indexing the JSON made every email
--    match "address", "name", or `":"`, and spent a third of the index on keys and quotes
--    (at 1 M one-recipient emails: 354 MB of index for the JSON, 224 MB for the text).
--    Bcc stays out, as before.
-- 2. The index rowid is MINUS the email id, so the list's newest-first order is the index's
--    ascending order. FTS5 walks a doclist backwards far more slowly than forwards (measured at
--    1 M rows: an address matching one email took 3.3 ms descending, 0.55 ms ascending, and 9 ms
--    descending once the index was merged into one segment): the phrase's common trigrams hold a
--    row for nearly every email, and stepping them in reverse costs in proportion to their length.
DROP TRIGGER IF EXISTS `email_search_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `email_search_recipients`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `email_search_subject`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `email_search_delete`;
--> statement-breakpoint
DROP TABLE IF EXISTS `email_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `email_search` USING fts5(`subject`, `recipients`, content='', contentless_delete=1, tokenize='trigram');
--> statement-breakpoint
-- The recipients' text, written out in each statement below (a trigger cannot call a shared
-- function): every To then Cc entry as "name address" (or just the address), space-separated.
INSERT INTO `email_search` (`rowid`, `subject`, `recipients`)
  SELECT -e.`id`, e.`subject`,
    (SELECT group_concat(ltrim(coalesce(r.value ->> 'name', '') || ' ' || coalesce(r.value ->> 'address', '')), ' ')
       FROM (SELECT value FROM json_each(c.`to_json`) UNION ALL SELECT value FROM json_each(c.`cc_json`)) r)
  FROM `emails` e JOIN `email_contents` c ON c.`email_id` = e.`id`;
--> statement-breakpoint
CREATE TRIGGER `email_search_insert` AFTER INSERT ON `email_contents` BEGIN
  INSERT INTO `email_search` (`rowid`, `subject`, `recipients`)
    SELECT -new.`email_id`, e.`subject`,
      (SELECT group_concat(ltrim(coalesce(r.value ->> 'name', '') || ' ' || coalesce(r.value ->> 'address', '')), ' ')
         FROM (SELECT value FROM json_each(new.`to_json`) UNION ALL SELECT value FROM json_each(new.`cc_json`)) r)
    FROM `emails` e WHERE e.`id` = new.`email_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `email_search_recipients` AFTER UPDATE OF `to_json`, `cc_json` ON `email_contents` BEGIN
  DELETE FROM `email_search` WHERE `rowid` = -old.`email_id`;
  INSERT INTO `email_search` (`rowid`, `subject`, `recipients`)
    SELECT -new.`email_id`, e.`subject`,
      (SELECT group_concat(ltrim(coalesce(r.value ->> 'name', '') || ' ' || coalesce(r.value ->> 'address', '')), ' ')
         FROM (SELECT value FROM json_each(new.`to_json`) UNION ALL SELECT value FROM json_each(new.`cc_json`)) r)
    FROM `emails` e WHERE e.`id` = new.`email_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `email_search_subject` AFTER UPDATE OF `subject` ON `emails` WHEN old.`subject` IS NOT new.`subject` BEGIN
  DELETE FROM `email_search` WHERE `rowid` = -old.`id`;
  INSERT INTO `email_search` (`rowid`, `subject`, `recipients`)
    SELECT -new.`id`, new.`subject`,
      (SELECT group_concat(ltrim(coalesce(r.value ->> 'name', '') || ' ' || coalesce(r.value ->> 'address', '')), ' ')
         FROM (SELECT value FROM json_each(c.`to_json`) UNION ALL SELECT value FROM json_each(c.`cc_json`)) r)
    FROM `email_contents` c WHERE c.`email_id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `email_search_delete` AFTER DELETE ON `emails` BEGIN
  DELETE FROM `email_search` WHERE `rowid` = -old.`id`;
END;
