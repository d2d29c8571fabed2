CREATE SCHEMA "content";
--> statement-breakpoint
CREATE SCHEMA "imaging";
--> statement-breakpoint
CREATE SCHEMA "search";
