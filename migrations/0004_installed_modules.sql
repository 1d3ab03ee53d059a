CREATE TABLE `installed_modules` (
	`name` text PRIMARY KEY NOT NULL,
	`version` text,
	`url` text NOT NULL,
	`sha256` text NOT NULL,
	`code` text NOT NULL,
	`network` text NOT NULL,
	`commands` text NOT NULL,
	`installed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `module_repos` (
	`url` text PRIMARY KEY NOT NULL,
	`added_at` integer NOT NULL
);
