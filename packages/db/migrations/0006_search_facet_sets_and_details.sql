CREATE TABLE "search"."artwork_details" (
	"artwork_id" uuid PRIMARY KEY NOT NULL,
	"description" text NOT NULL,
	"collection_titles" text[] NOT NULL,
	"plate_width_mm" integer,
	"plate_height_mm" integer,
	"currency" text,
	"terms" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search"."collection_sets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "search"."collection_sets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"collection_slugs" text[] NOT NULL,
	CONSTRAINT "collection_sets_values" UNIQUE("collection_slugs")
);
--> statement-breakpoint
CREATE TABLE "search"."facet_sets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "search"."facet_sets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"techniques" text[] NOT NULL,
	"availability" text NOT NULL,
	"size_band" text,
	CONSTRAINT "facet_sets_values" UNIQUE NULLS NOT DISTINCT("techniques","availability","size_band")
);
--> statement-breakpoint
-- Edited by hand after drizzle-kit generate: rows already in the read model get their sets and
-- their details before the columns become NOT NULL (added NOT NULL at once, as generated, they fail
-- on a filled table); 0007 then drops the columns that moved to artwork_details.
ALTER TABLE "search"."artworks" ADD COLUMN "facet_set" integer;--> statement-breakpoint
ALTER TABLE "search"."artworks" ADD COLUMN "collection_set" integer;--> statement-breakpoint
INSERT INTO "search"."facet_sets" ("techniques", "availability", "size_band")
  SELECT DISTINCT "techniques", "availability", "size_band" FROM "search"."artworks";--> statement-breakpoint
INSERT INTO "search"."collection_sets" ("collection_slugs")
  SELECT DISTINCT "collection_slugs" FROM "search"."artworks";--> statement-breakpoint
UPDATE "search"."artworks" a SET "facet_set" = f."id", "collection_set" = c."id"
  FROM "search"."facet_sets" f, "search"."collection_sets" c
  WHERE f."techniques" = a."techniques" AND f."availability" = a."availability"
    AND f."size_band" IS NOT DISTINCT FROM a."size_band" AND c."collection_slugs" = a."collection_slugs";--> statement-breakpoint
ALTER TABLE "search"."artworks" ALTER COLUMN "facet_set" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "search"."artworks" ALTER COLUMN "collection_set" SET NOT NULL;--> statement-breakpoint
INSERT INTO "search"."artwork_details"
  ("artwork_id", "description", "collection_titles", "plate_width_mm", "plate_height_mm", "currency", "terms")
  SELECT "artwork_id", "description", "collection_titles", "plate_width_mm", "plate_height_mm", "currency", "terms"
  FROM "search"."artworks";--> statement-breakpoint
ALTER TABLE "search"."artwork_details" ADD CONSTRAINT "artwork_details_artwork_id_artworks_artwork_id_fk" FOREIGN KEY ("artwork_id") REFERENCES "search"."artworks"("artwork_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search"."artworks" ADD CONSTRAINT "artworks_facet_set_facet_sets_id_fk" FOREIGN KEY ("facet_set") REFERENCES "search"."facet_sets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search"."artworks" ADD CONSTRAINT "artworks_collection_set_collection_sets_id_fk" FOREIGN KEY ("collection_set") REFERENCES "search"."collection_sets"("id") ON DELETE no action ON UPDATE no action;