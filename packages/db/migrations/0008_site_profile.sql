CREATE TABLE "content"."site_profile" (
	"id" text PRIMARY KEY DEFAULT 'site' NOT NULL,
	"artist_name" text NOT NULL,
	"statement" text DEFAULT '' NOT NULL,
	"featured_artwork_ids" uuid[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "site_profile_singleton" CHECK ("content"."site_profile"."id" = 'site'),
	CONSTRAINT "site_profile_artist_name_length" CHECK (length("content"."site_profile"."artist_name") between 1 and 200),
	CONSTRAINT "site_profile_statement_length" CHECK (length("content"."site_profile"."statement") <= 2000),
	CONSTRAINT "site_profile_featured_count" CHECK (cardinality("content"."site_profile"."featured_artwork_ids") <= 12)
);
