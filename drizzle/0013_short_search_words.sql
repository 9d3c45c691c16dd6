-- Hand-written (drizzle-kit cannot express virtual tables or triggers). A word index beside the
-- trigram index of 0010, for search terms of 1–2 characters, which make no trigram: they used to
-- scan every email's subject and recipients (1.6 s at 1 M rows for a term that matches nothing).
-- - Same text as `email_search` (the subject; each To/Cc recipient as "name address"), cut into
--   words by unicode61, which splits addresses at "@" and "." and folds case and accents
--   (remove_diacritics 2): "cl" finds ann@client.example, "dí" finds Díaz.
-- - prefix='1 2' keeps every word's first one and two characters as index terms of their own, so a
--   short term ("zq"*) is one lookup instead of a merge of every word that starts with it.
-- - detail=none: rowids only, no columns or positions; a 1–2 character term is a single word, so
--   phrase and column queries are never needed, and inserts write less.
-- - Contentless, rowid = MINUS the email id, like `email_search`: newest first is the forward walk.
CREATE VIRTUAL TABLE `email_words` USING fts5(`subject`, `recipients`, content='', contentless_delete=1, detail=none,
  tokenize='unicode61 remove_diacritics 2', prefix='1 2');
--> statement-breakpoint
INSERT INTO `email_words` (`rowid`, `subject`, `recipients`)
  SELECT -e.`id`, e.`subject`,
    (SELECT group_concat(ltrim(coalesce(r.value ->> 'name', '') || ' ' || coalesce(r.value ->> 'address', '')), ' ')
       FROM (SELECT value FROM json_each(c.`to_json`) UNION ALL SELECT value FROM json_each(c.`cc_json`)) r)
  FROM `emails` e JOIN `email_contents` c ON c.`email_id` = e.`id`;
--> statement-breakpoint
CREATE TRIGGER `email_words_insert` AFTER INSERT ON `email_contents` BEGIN
  INSERT INTO `email_words` (`rowid`, `subject`, `recipients`)
    SELECT -new.`email_id`, e.`subject`,
      (SELECT group_concat(ltrim(coalesce(r.value ->> 'name', '') || ' ' || coalesce(r.value ->> 'address', '')), ' ')
         FROM (SELECT value FROM json_each(new.`to_json`) UNION ALL SELECT value FROM json_each(new.`cc_json`)) r)
    FROM `emails` e WHERE e.`id` = new.`email_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `email_words_recipients` AFTER UPDATE OF `to_json`, `cc_json` ON `email_contents` BEGIN
  DELETE FROM `email_words` WHERE `rowid` = -old.`email_id`;
  INSERT INTO `email_words` (`rowid`, `subject`, `recipients`)
    SELECT -new.`email_id`, e.`subject`,
      (SELECT group_concat(ltrim(coalesce(r.value ->> 'name', '') || ' ' || coalesce(r.value ->> 'address', '')), ' ')
         FROM (SELECT value FROM json_each(new.`to_json`) UNION ALL SELECT value FROM json_each(new.`cc_json`)) r)
    FROM `emails` e WHERE e.`id` = new.`email_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `email_words_subject` AFTER UPDATE OF `subject` ON `emails` WHEN old.`subject` IS NOT new.`subject` BEGIN
  DELETE FROM `email_words` WHERE `rowid` = -old.`id`;
  INSERT INTO `email_words` (`rowid`, `subject`, `recipients`)
    SELECT -new.`id`, new.`subject`,
      (SELECT group_concat(ltrim(coalesce(r.value ->> 'name', '') || ' ' || coalesce(r.value ->> 'address', '')), ' ')
         FROM (SELECT value FROM json_each(c.`to_json`) UNION ALL SELECT value FROM json_each(c.`cc_json`)) r)
    FROM `email_contents` c WHERE c.`email_id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `email_words_delete` AFTER DELETE ON `emails` BEGIN
  DELETE FROM `email_words` WHERE `rowid` = -old.`id`;
END;
