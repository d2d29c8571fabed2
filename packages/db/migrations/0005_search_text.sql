-- The search service's text search configurations (drizzle-kit does not model them). Both fold
-- accents with the unaccent dictionary (migration 0000) before any other dictionary sees a word, so
-- "Études" and "etudes" index and query alike; words that are ASCII already skip it.
-- search.copper: English stemming and stop words, for the documents and for whole query words.
CREATE TEXT SEARCH CONFIGURATION search.copper (COPY = pg_catalog.english);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION search.copper
  ALTER MAPPING FOR word, hword, hword_part WITH unaccent, english_stem;
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION search.copper
  ALTER MAPPING FOR numword, numhword, hword_numpart WITH unaccent, simple;
--> statement-breakpoint
-- search.copper_simple: no stemming and no stop words, for a stop word being typed ("the" may be
-- the start of "theatre"), matched as a prefix against the stemmed documents.
CREATE TEXT SEARCH CONFIGURATION search.copper_simple (COPY = pg_catalog.simple);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION search.copper_simple
  ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart WITH unaccent, simple;
--> statement-breakpoint
-- Every write changes the counts of many terms; with room left on each page those updates stay
-- HOT (the trigram index is not touched), so the vocabulary's index does not bloat between vacuums.
ALTER TABLE search.terms SET (fillfactor = 50);
