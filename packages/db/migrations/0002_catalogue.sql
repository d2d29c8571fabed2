CREATE TYPE "content"."artwork_status" AS ENUM('draft', 'published', 'archived');--> statement-breakpoint
CREATE TYPE "content"."edition_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TYPE "content"."impression_kind" AS ENUM('numbered', 'artist_proof');--> statement-breakpoint
CREATE TYPE "content"."impression_status" AS ENUM('available', 'reserved', 'sold', 'not_for_sale');--> statement-breakpoint
CREATE TYPE "content"."technique" AS ENUM('etching', 'aquatint', 'drypoint', 'engraving', 'mezzotint', 'soft_ground', 'sugar_lift', 'chine_colle');--> statement-breakpoint
CREATE TABLE "content"."artworks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"year" integer,
	"techniques" "content"."technique"[] DEFAULT '{}' NOT NULL,
	"plate_width_mm" integer,
	"plate_height_mm" integer,
	"description" text DEFAULT '' NOT NULL,
	"status" "content"."artwork_status" DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "artworks_slug_unique" UNIQUE("slug"),
	CONSTRAINT "artworks_slug_format" CHECK ("content"."artworks"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length("content"."artworks"."slug") <= 80),
	CONSTRAINT "artworks_title_length" CHECK (length("content"."artworks"."title") <= 200),
	CONSTRAINT "artworks_year_range" CHECK ("content"."artworks"."year" is null or "content"."artworks"."year" between 1800 and 2200),
	CONSTRAINT "artworks_plate_size_positive" CHECK (("content"."artworks"."plate_width_mm" is null or "content"."artworks"."plate_width_mm" > 0) and ("content"."artworks"."plate_height_mm" is null or "content"."artworks"."plate_height_mm" > 0)),
	CONSTRAINT "artworks_published_has_title" CHECK ("content"."artworks"."status" = 'draft' or length("content"."artworks"."title") > 0)
);
--> statement-breakpoint
CREATE TABLE "content"."collection_artworks" (
	"collection_id" uuid NOT NULL,
	"artwork_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "collection_artworks_collection_id_artwork_id_pk" PRIMARY KEY("collection_id","artwork_id"),
	CONSTRAINT "collection_artworks_position_non_negative" CHECK ("content"."collection_artworks"."position" >= 0)
);
--> statement-breakpoint
CREATE TABLE "content"."collections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "collections_slug_unique" UNIQUE("slug"),
	CONSTRAINT "collections_slug_format" CHECK ("content"."collections"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length("content"."collections"."slug") <= 80),
	CONSTRAINT "collections_title_length" CHECK (length("content"."collections"."title") between 1 and 200)
);
--> statement-breakpoint
CREATE TABLE "content"."editions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"artwork_id" uuid NOT NULL,
	"size" integer NOT NULL,
	"artist_proofs" integer DEFAULT 0 NOT NULL,
	"paper" text DEFAULT '' NOT NULL,
	"ink" text DEFAULT '' NOT NULL,
	"sheet_width_mm" integer,
	"sheet_height_mm" integer,
	"plate_width_mm" integer,
	"plate_height_mm" integer,
	"price_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"status" "content"."edition_status" DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "editions_size_range" CHECK ("content"."editions"."size" between 1 and 1000),
	CONSTRAINT "editions_artist_proofs_range" CHECK ("content"."editions"."artist_proofs" between 0 and 100),
	CONSTRAINT "editions_price_non_negative" CHECK ("content"."editions"."price_minor" >= 0),
	CONSTRAINT "editions_currency_format" CHECK ("content"."editions"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "editions_sizes_positive" CHECK (coalesce("content"."editions"."sheet_width_mm", 1) > 0 and coalesce("content"."editions"."sheet_height_mm", 1) > 0 and coalesce("content"."editions"."plate_width_mm", 1) > 0 and coalesce("content"."editions"."plate_height_mm", 1) > 0)
);
--> statement-breakpoint
CREATE TABLE "content"."impressions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"edition_id" uuid NOT NULL,
	"kind" "content"."impression_kind" NOT NULL,
	"number" integer NOT NULL,
	"status" "content"."impression_status" DEFAULT 'available' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "impressions_edition_kind_number_unique" UNIQUE("edition_id","kind","number"),
	CONSTRAINT "impressions_number_positive" CHECK ("content"."impressions"."number" >= 1)
);
--> statement-breakpoint
CREATE TABLE "content"."inquiries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"artwork_id" uuid,
	"impression_id" uuid,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inquiries_name_length" CHECK (length("content"."inquiries"."name") between 1 and 200),
	CONSTRAINT "inquiries_email_length" CHECK (length("content"."inquiries"."email") between 3 and 320),
	CONSTRAINT "inquiries_message_length" CHECK (length("content"."inquiries"."message") between 1 and 5000)
);
--> statement-breakpoint
ALTER TABLE "content"."collection_artworks" ADD CONSTRAINT "collection_artworks_collection_id_collections_id_fk" FOREIGN KEY ("collection_id") REFERENCES "content"."collections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content"."collection_artworks" ADD CONSTRAINT "collection_artworks_artwork_id_artworks_id_fk" FOREIGN KEY ("artwork_id") REFERENCES "content"."artworks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content"."editions" ADD CONSTRAINT "editions_artwork_id_artworks_id_fk" FOREIGN KEY ("artwork_id") REFERENCES "content"."artworks"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content"."impressions" ADD CONSTRAINT "impressions_edition_id_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "content"."editions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content"."inquiries" ADD CONSTRAINT "inquiries_artwork_id_artworks_id_fk" FOREIGN KEY ("artwork_id") REFERENCES "content"."artworks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content"."inquiries" ADD CONSTRAINT "inquiries_impression_id_impressions_id_fk" FOREIGN KEY ("impression_id") REFERENCES "content"."impressions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "artworks_status_published_at_idx" ON "content"."artworks" USING btree ("status","published_at");--> statement-breakpoint
CREATE INDEX "collection_artworks_artwork_idx" ON "content"."collection_artworks" USING btree ("artwork_id");--> statement-breakpoint
CREATE INDEX "editions_artwork_idx" ON "content"."editions" USING btree ("artwork_id");--> statement-breakpoint
CREATE INDEX "inquiries_created_at_idx" ON "content"."inquiries" USING btree ("created_at");