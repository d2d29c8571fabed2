CREATE TABLE "search"."artwork_versions" (
	"artwork_id" uuid PRIMARY KEY NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search"."artworks" (
	"artwork_id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"techniques" text[] NOT NULL,
	"collection_slugs" text[] NOT NULL,
	"collection_titles" text[] NOT NULL,
	"year" integer,
	"plate_width_mm" integer,
	"plate_height_mm" integer,
	"size_band" text,
	"price_min_minor" integer,
	"price_max_minor" integer,
	"currency" text,
	"availability" text NOT NULL,
	"published_at" timestamp with time zone,
	"terms" text[] NOT NULL,
	"title_vector" "tsvector" NOT NULL,
	"document" "tsvector" NOT NULL,
	CONSTRAINT "artworks_availability_known" CHECK ("search"."artworks"."availability" in ('available', 'reserved', 'sold-out', 'none')),
	CONSTRAINT "artworks_size_band_known" CHECK ("search"."artworks"."size_band" is null or "search"."artworks"."size_band" in ('small', 'medium', 'large')),
	CONSTRAINT "artworks_price_range" CHECK (("search"."artworks"."price_min_minor" is null) = ("search"."artworks"."price_max_minor" is null) and ("search"."artworks"."price_min_minor" is null or "search"."artworks"."price_min_minor" <= "search"."artworks"."price_max_minor")),
	CONSTRAINT "artworks_collections_parallel" CHECK (cardinality("search"."artworks"."collection_slugs") = cardinality("search"."artworks"."collection_titles"))
);
--> statement-breakpoint
CREATE TABLE "search"."collections" (
	"slug" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search"."media" (
	"artwork_id" uuid PRIMARY KEY NOT NULL,
	"media_id" uuid NOT NULL,
	"thumbnail" jsonb NOT NULL,
	"thumbhash" text NOT NULL,
	"dominant_colour" text NOT NULL,
	"alt" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search"."terms" (
	"term" text PRIMARY KEY NOT NULL,
	"documents" integer NOT NULL,
	CONSTRAINT "terms_documents_positive" CHECK ("search"."terms"."documents" > 0)
);
--> statement-breakpoint
CREATE INDEX "artworks_document_idx" ON "search"."artworks" USING gin ("document") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "artworks_title_vector_idx" ON "search"."artworks" USING gin ("title_vector") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "artworks_published_at_idx" ON "search"."artworks" USING btree ("published_at" DESC NULLS LAST,"artwork_id");--> statement-breakpoint
CREATE INDEX "terms_trigram_idx" ON "search"."terms" USING gist ("term" gist_trgm_ops(siglen=256));--> statement-breakpoint
CREATE INDEX "terms_prefix_idx" ON "search"."terms" USING btree ("term" text_pattern_ops);