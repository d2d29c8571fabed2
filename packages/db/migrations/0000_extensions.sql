-- drizzle-kit does not emit CREATE EXTENSION, so the extensions the catalogue
-- relies on are created here. Both exist on PostgreSQL 15 (contrib) and in PGlite
-- (loaded in src/pglite.ts), so this migration applies the same way everywhere.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
