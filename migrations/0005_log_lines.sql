CREATE TABLE `log_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`level` text NOT NULL,
	`text` text,
	`audit_id` integer,
	`posted_at` integer,
	`claim` text
);
--> statement-breakpoint
CREATE INDEX `log_lines_posted_at` ON `log_lines` (`posted_at`);--> statement-breakpoint
CREATE INDEX `log_lines_text` ON `log_lines` (`text`);--> statement-breakpoint
-- Every audit entry is also a log line (formatted and masked when read). Entries dated more than
-- an hour ago (a restored backup's history) are not news and add none.
CREATE TRIGGER `log_lines_audit` AFTER INSERT ON `audit_log`
WHEN NEW.`at` >= CAST(strftime('%s', 'now') AS INTEGER) * 1000 - 3600000
BEGIN
	INSERT INTO `log_lines` (`at`, `level`, `audit_id`) VALUES (NEW.`at`, 'info', NEW.`id`);
END;
