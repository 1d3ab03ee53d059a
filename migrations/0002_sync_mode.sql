CREATE TABLE `sync_state` (
	`id` text PRIMARY KEY NOT NULL,
	`next_batch` text,
	`filter_id` text,
	`filter_hash` text,
	`lease_token` text,
	`lease_until` integer,
	`stopped_token_hash` text,
	`stopped_reason` text,
	`updated_at` integer
);
