ALTER TABLE "search"."artworks" DROP CONSTRAINT "artworks_collections_parallel";--> statement-breakpoint
ALTER TABLE "search"."artworks" DROP COLUMN "description";--> statement-breakpoint
ALTER TABLE "search"."artworks" DROP COLUMN "collection_titles";--> statement-breakpoint
ALTER TABLE "search"."artworks" DROP COLUMN "plate_width_mm";--> statement-breakpoint
ALTER TABLE "search"."artworks" DROP COLUMN "plate_height_mm";--> statement-breakpoint
ALTER TABLE "search"."artworks" DROP COLUMN "currency";--> statement-breakpoint
ALTER TABLE "search"."artworks" DROP COLUMN "terms";