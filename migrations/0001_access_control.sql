CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text,
	`detail` text,
	`event_id` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_event_id` ON `audit_log` (`event_id`);--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `mod_perms` (
	`user_id` text NOT NULL,
	`target` text NOT NULL,
	`kind` text NOT NULL,
	`granted_by` text NOT NULL,
	`granted_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `target`)
);
--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`sender` text PRIMARY KEY NOT NULL,
	`tokens` real NOT NULL,
	`updated_at` integer NOT NULL,
	`dropped` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sudos` (
	`user_id` text PRIMARY KEY NOT NULL,
	`added_by` text NOT NULL,
	`added_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tsec_grants` (
	`user_id` text NOT NULL,
	`command` text NOT NULL,
	`expires_at` integer NOT NULL,
	`room_id` text NOT NULL,
	`granted_by` text NOT NULL,
	`granted_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `command`)
);
--> statement-breakpoint
CREATE INDEX `tsec_grants_expires_at` ON `tsec_grants` (`expires_at`);--> statement-breakpoint
CREATE TABLE `tsec_notices` (
	`user_id` text NOT NULL,
	`command` text NOT NULL,
	`expires_at` integer NOT NULL,
	`room_id` text NOT NULL,
	`claimed_at` integer,
	`claim_token` text,
	PRIMARY KEY(`user_id`, `command`, `expires_at`)
);
