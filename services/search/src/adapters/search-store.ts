// The search port over PostgreSQL (schema `search`, see packages/db/src/schema/search.ts).
//
// Matching: one weighted tsvector per artwork (title A; techniques, collections and year B;
// description C) in the `search.copper` configuration (English stemming, accents folded),
// GIN-indexed, queried with tsquery text built from quoted words only (domain/query.ts). Typo
// tolerance looks up the nearest vocabulary terms by trigram distance (GiST, pg_trgm) and keeps
// those within Meilisearch's budget by edit distance in TypeScript (domain/typos.ts); the vocabulary
// (`search.terms`) is kept exact by every write, counting the artworks holding each term.
//
// Ranking (relevance): no typo before typo, then every word in the title before elsewhere, then
// the words as typed before synonyms and prefixes, then ts_rank; see `score` below. The first two
// rules make four tiers whose scores never overlap (RELEVANCE_TIERS), read in order until a page is
// full, so only the matches of the tiers a page reaches are ranked.
//
// Facets are disjunctive (Meilisearch's and Algolia's rule): a facet is counted over the matches
// that pass every filter but its own, so ticking "etching" keeps the other techniques' counts as
// they were and narrows every other facet. Hits, total, facets and ranges come from one statement:
// the matches are read once and grouped by their facet set and collection set (integers, see
// packages/db/src/schema/search.ts) and the filter flags, and everything is summed from the groups.
//
// Order independence: every artwork write first locks the artwork's row in `artwork_versions` and
// is skipped ('stale') when a newer change is held, even after a removal, so events may arrive late,
// twice or reordered. Media live in their own table keyed by artwork and are kept whether or not the
// artwork is searchable, so a MediaPublished that arrives before the publish (or outlives an
// unpublish) shows as soon as the artwork is searchable; between two media the newer publishedAt wins.

import { type Database, executeRows } from '@copper/db/client';
import type { ArtworkProjection, MediaDocument } from '@copper/events';
import { type SQL, sql } from 'drizzle-orm';
import { type IndexedArtwork, indexedArtwork } from '../domain/document.ts';
import type {
  EngineQuery,
  EngineResult,
  FacetCount,
  Facets,
  HitImage,
  Position,
  Range,
  SearchHit,
  SearchPort,
  Sort,
  Suggestion,
  UpsertOutcome,
} from '../domain/ports.ts';
import {
  compileQuery,
  isBrowse,
  planQuery,
  type QueryPlan,
  type TermCandidate,
  type TsQueryText,
  type TypoLookup,
  typoLookups,
  withTypos,
} from '../domain/query.ts';
import type { SizeBand } from '../domain/size.ts';
import { escapeHtml, fold } from '../domain/text.ts';
import { pickThumbnail, type Thumbnail } from '../domain/thumbnail.ts';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
type Executor = Database | Tx;

/** Nearest vocabulary terms fetched per typed word, before the edit-distance check. */
const NEAREST_TERMS = 16;
/** Description text a highlight is cut from; longer descriptions are highlighted in their first part. */
const HIGHLIGHT_SOURCE_CHARS = 4000;
/** Descriptions up to this long are highlighted whole, longer ones as fragments. */
const WHOLE_DESCRIPTION_CHARS = 240;
/** Words of the description a hit shows when nothing in it matched (or when browsing). */
const PLAIN_DESCRIPTION_WORDS = 24;
/**
 * The matches by relevance fall into four tiers, best first, whose scores never overlap (see
 * `score` in search): every word without a typo and all of them in the title (24 and up); without a
 * typo, not all in the title (16 to 23); with a typo, all in the title (8 to 15); the rest (0 to 7).
 */
interface RelevanceTier {
  name: 'title' | 'document' | 'title-typo' | 'document-typo';
  /** The lowest score a match of this tier can have. */
  minScore: number;
  /** Holds matches only when a word was widened by typos. */
  typo: boolean;
}
const RELEVANCE_TIERS: readonly RelevanceTier[] = [
  { name: 'title', minScore: 24, typo: false },
  { name: 'document', minScore: 16, typo: false },
  { name: 'title-typo', minScore: 8, typo: true },
  { name: 'document-typo', minScore: 0, typo: true },
];
/** Title suggestions shown before term completions. */
const TITLE_SUGGESTIONS = 5;

/**
 * Settings for the rest of the transaction only (set_config's third argument). A broad word or a
 * browse materialises tens of thousands of matches: with the default 4 MB of work_mem they spill to
 * disk and are sorted there. JIT compiles an expression once per statement, ~100 ms, for a query
 * that runs in ~10: PostgreSQL decides on the estimated cost, which `enable_seqscan = off` inflates.
 */
const QUERY_SETTINGS = sql`set_config('work_mem', '64MB', true), set_config('jit', 'off', true)`;
const BROWSE_SETTINGS = sql`select ${QUERY_SETTINGS}`;
const NO_SEQUENTIAL_SCAN = sql`select set_config('enable_seqscan', 'off', true), ${QUERY_SETTINGS}`;

const jsonb = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;
const uuidArray = (values: readonly string[]) =>
  sql`array[${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )}]::uuid[]`;
const textArray = (values: readonly string[]) =>
  sql`array[${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )}]::text[]`;

/** A tsquery expression for one level of a compiled query; NULL (matches nothing) when empty. */
function tsquery(text: TsQueryText): SQL {
  const parts: SQL[] = [];
  if (text.body) parts.push(sql`to_tsquery('search.copper', ${text.body})`);
  const typing: SQL[] = [];
  if (text.last) typing.push(sql`to_tsquery('search.copper', ${text.last})`);
  if (text.raw) typing.push(sql`to_tsquery('search.copper_simple', ${text.raw})`);
  if (typing.length > 0) parts.push(sql`(${sql.join(typing, sql` || `)})`);
  return parts.length > 0 ? sql`(${sql.join(parts, sql` && `)})` : sql`null::tsquery`;
}

/** HTML-escaped text in SQL, before ts_headline adds its `<mark>`s (the parser keeps entities whole). */
const escapedSql = (expression: SQL) =>
  sql`replace(replace(replace(replace(${expression}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;')`;

function plainDescription(description: string): string {
  const parts = description.trim().split(/\s+/);
  const cut = parts.slice(0, PLAIN_DESCRIPTION_WORDS).join(' ');
  return escapeHtml(parts.length > PLAIN_DESCRIPTION_WORDS ? `${cut} …` : cut);
}

const parsed = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

function bounds(column: SQL, from: number | undefined, to: number | undefined): SQL {
  if (from === undefined && to === undefined) return sql`true`;
  const parts = [sql`${column} is not null`];
  if (from !== undefined) parts.push(sql`${column} >= ${from}`);
  if (to !== undefined) parts.push(sql`${column} <= ${to}`);
  return sql`(${sql.join(parts, sql` and `)})`;
}

/** Sort columns of an order, as `prefix.column`, and whether they ascend. */
function sortColumn(order: Sort, prefix: string): { column: SQL; ascending: boolean } {
  const p = sql.raw(prefix);
  switch (order) {
    case 'relevance':
      return { column: sql`${p}.score`, ascending: false };
    case 'newest':
      return { column: sql`${p}.published_at`, ascending: false };
    case 'price_asc':
      return { column: sql`${p}.price_min_minor`, ascending: true };
    case 'price_desc':
      return { column: sql`${p}.price_max_minor`, ascending: false };
  }
}

function orderBy(order: Sort, prefix: string): SQL {
  const { column, ascending } = sortColumn(order, prefix);
  return sql`${column} ${sql.raw(ascending ? 'asc' : 'desc')} nulls last, ${sql.raw(prefix)}.artwork_id asc`;
}

/** Rows after a position in an order (nulls last, then by id). */
function afterPosition(order: Sort, after: Position | undefined | null, prefix: string): SQL {
  if (!after) return sql`true`;
  const { column, ascending } = sortColumn(order, prefix);
  const id = sql`${sql.raw(prefix)}.artwork_id > ${after.id}::uuid`;
  if (after.key === null) return sql`(${column} is null and ${id})`;
  const key =
    order === 'relevance'
      ? sql`${after.key}::float8`
      : order === 'newest'
        ? sql`${after.key}::timestamptz`
        : sql`${after.key}::int`;
  const beyond = ascending ? sql`${column} > ${key}` : sql`${column} < ${key}`;
  return sql`(${beyond} or (${column} = ${key} and ${id}) or ${column} is null)`;
}

interface RawHit {
  artworkId: string;
  slug: string;
  title: string;
  description: string;
  year: number | null;
  techniques: string[];
  collectionSlugs: string[];
  collectionTitles: string[];
  priceMin: number | null;
  priceMax: number | null;
  currency: string | null;
  availability: SearchHit['availability'];
  plateWidth: number | null;
  plateHeight: number | null;
  size: SizeBand | null;
  publishedAt: string | null;
  score: number;
  media: { thumbnail: Thumbnail; thumbhash: string; dominantColour: string; alt: string } | null;
  titleHighlight: string | null;
  descriptionHighlight: string | null;
}

function toHit(raw: RawHit, order: Sort): SearchHit {
  const publishedAt = raw.publishedAt === null ? null : new Date(raw.publishedAt).toISOString();
  const key =
    order === 'relevance'
      ? raw.score
      : order === 'newest'
        ? publishedAt
        : order === 'price_asc'
          ? raw.priceMin
          : raw.priceMax;
  const image: HitImage | null = raw.media
    ? {
        thumbnail: raw.media.thumbnail,
        placeholder: { thumbhash: raw.media.thumbhash, dominantColour: raw.media.dominantColour },
        alt: raw.media.alt,
      }
    : null;
  return {
    artworkId: raw.artworkId,
    slug: raw.slug,
    title: raw.title,
    year: raw.year,
    techniques: raw.techniques,
    collections: raw.collectionSlugs.map((slug, i) => ({ slug, title: raw.collectionTitles[i] ?? '' })),
    price:
      raw.priceMin === null || raw.priceMax === null || raw.currency === null
        ? null
        : { minMinor: raw.priceMin, maxMinor: raw.priceMax, currency: raw.currency },
    availability: raw.availability,
    plateSizeMm:
      raw.plateWidth === null || raw.plateHeight === null ? null : { width: raw.plateWidth, height: raw.plateHeight },
    size: raw.size,
    publishedAt,
    image,
    highlight: {
      title: raw.titleHighlight ?? escapeHtml(raw.title),
      // ts_headline opens a description that matched nothing with a few words; show a whole sentence's worth.
      description: raw.descriptionHighlight?.includes('<mark>')
        ? raw.descriptionHighlight
        : plainDescription(raw.description),
    },
    position: { key, id: raw.artworkId },
  };
}

const byCount = (a: FacetCount, b: FacetCount) => b.count - a.count || a.value.localeCompare(b.value);

/** The total and the ranges of the range filters, counted in one pass over the matches. */
interface Tally {
  total: number;
  yearMin: number | null;
  yearMax: number | null;
  priceMin: number | null;
  priceMax: number | null;
}

function toFacets(rows: { facet: keyof Facets; value: string; title: string | null; count: number }[]): Facets {
  const facets: Facets = { technique: [], collection: [], availability: [], size: [] };
  for (const row of rows) {
    facets[row.facet].push({
      value: row.value,
      count: Number(row.count),
      ...(row.facet === 'collection' ? { title: row.title ?? row.value } : {}),
    });
  }
  for (const list of Object.values(facets)) list.sort(byCount);
  return facets;
}

const range = (min: number | null, max: number | null): Range | null =>
  min === null || max === null ? null : { min: Number(min), max: Number(max) };

/** The word being typed, as typed at the end of `q` ("Harbour fo" → "fo"), and what comes before it. */
function splitTyping(q: string): { before: string; typing: string } {
  const match = /[\p{L}\p{N}]+$/u.exec(q);
  return match ? { before: q.slice(0, match.index), typing: match[0] } : { before: q, typing: '' };
}

export function createSearchStore(db: Database): SearchPort {
  async function nearTerms(tx: Executor, lookups: TypoLookup[]): Promise<TermCandidate[]> {
    const whole = lookups.filter((lookup) => !lookup.prefix).map((lookup) => lookup.word);
    const prefix = lookups.filter((lookup) => lookup.prefix).map((lookup) => lookup.word);
    const parts: SQL[] = [];
    // GiST nearest-neighbour scans: by trigram distance to the whole word, and by word distance
    // (its closest stretch of the term) for the word being typed, which may be a term's start.
    if (whole.length > 0) {
      parts.push(sql`select w.word, t.term, t.documents from unnest(${textArray(whole)}) as w(word)
        cross join lateral (
          select term, documents from search.terms order by term <-> w.word limit ${NEAREST_TERMS}
        ) t`);
    }
    if (prefix.length > 0) {
      parts.push(sql`select w.word, t.term, t.documents from unnest(${textArray(prefix)}) as w(word)
        cross join lateral (
          select term, documents from search.terms order by w.word <<-> term limit ${NEAREST_TERMS}
        ) t`);
    }
    // The transaction's planner setting (see `planned`) rides along, saving a round trip.
    const rows = await executeRows<{ word: string; term: string; documents: number }>(
      tx,
      sql`select v.word, v.term, v.documents from (${NO_SEQUENTIAL_SCAN}) as setting
        cross join lateral (${sql.join(parts, sql` union all `)}) as v`,
    );
    return rows.map((row) => ({ word: row.word, term: row.term, documents: Number(row.documents) }));
  }

  /**
   * The query planned and widened by the vocabulary, then `work` over it, in one transaction in
   * which the planner may not scan the whole table to match words: PostgreSQL costs a tsvector
   * match like an integer comparison, so above a few percent of the catalogue it prefers testing
   * every row to the GIN index, several times slower. Browsing (no words) still scans.
   */
  async function planned<T>(q: string, work: (tx: Executor, plan: QueryPlan) => Promise<T>): Promise<T> {
    const plan = planQuery(q);
    return db.transaction(async (tx) => {
      if (isBrowse(plan)) {
        await tx.execute(BROWSE_SETTINGS);
        return work(tx, plan);
      }
      const lookups = typoLookups(plan);
      if (lookups.length === 0) await tx.execute(NO_SEQUENTIAL_SCAN);
      const resolved = lookups.length === 0 ? plan : withTypos(plan, await nearTerms(tx, lookups));
      return work(tx, resolved);
    });
  }

  async function applyTermDeltas(tx: Executor, deltas: Map<string, number>): Promise<void> {
    const ups = [...deltas].filter(([, delta]) => delta > 0).map(([term, delta]) => ({ term, delta }));
    const downs = [...deltas].filter(([, delta]) => delta < 0).map(([term, delta]) => ({ term, delta }));
    // Terms in one order in every transaction, so two batches sharing terms queue instead of deadlocking.
    ups.sort((a, b) => (a.term < b.term ? -1 : 1));
    downs.sort((a, b) => (a.term < b.term ? -1 : 1));
    if (downs.length > 0) {
      const rows = jsonb(downs);
      await tx.execute(sql`delete from search.terms t using jsonb_to_recordset(${rows}) as x(term text, delta int)
        where t.term = x.term and t.documents + x.delta <= 0`);
      await tx.execute(sql`update search.terms t set documents = t.documents + x.delta
        from jsonb_to_recordset(${rows}) as x(term text, delta int) where t.term = x.term`);
    }
    if (ups.length > 0) {
      await tx.execute(sql`insert into search.terms as t (term, documents)
        select term, delta from jsonb_to_recordset(${jsonb(ups)}) as x(term text, delta int) order by term
        on conflict (term) do update set documents = t.documents + excluded.documents`);
    }
  }

  function countDeltas(deltas: Map<string, number>, before: readonly string[], after: readonly string[]) {
    const old = new Set(before);
    const next = new Set(after);
    for (const term of old) if (!next.has(term)) deltas.set(term, (deltas.get(term) ?? 0) - 1);
    for (const term of next) if (!old.has(term)) deltas.set(term, (deltas.get(term) ?? 0) + 1);
  }

  async function upsertArtworks(projections: readonly ArtworkProjection[]): Promise<UpsertOutcome[]> {
    const outcomes: UpsertOutcome[] = projections.map(() => 'stale');
    // Within a batch, the latest change of each artwork is the one applied; earlier ones are stale.
    const latest = new Map<string, number>();
    projections.forEach((projection, index) => {
      const held = latest.get(projection.artworkId);
      const heldAt = held === undefined ? undefined : projections[held]?.changedAt;
      if (heldAt === undefined || Date.parse(heldAt) <= Date.parse(projection.changedAt)) {
        latest.set(projection.artworkId, index);
      }
    });
    if (latest.size === 0) return outcomes;
    const versions = [...latest.values()].flatMap((index) => {
      const projection = projections[index];
      return projection
        ? [{ artwork_id: projection.artworkId, changed_at: projection.changedAt, status: projection.status }]
        : [];
    });
    versions.sort((a, b) => (a.artwork_id < b.artwork_id ? -1 : 1));

    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into search.artwork_versions (artwork_id, changed_at, status)
        select artwork_id, changed_at, status
        from jsonb_to_recordset(${jsonb(versions)}) as x(artwork_id uuid, changed_at timestamptz, status text)
        order by artwork_id
        on conflict (artwork_id) do nothing`);
      const held = await executeRows<{ artwork_id: string; stale: boolean; terms: string[] | null }>(
        tx,
        sql`select v.artwork_id::text as artwork_id, v.changed_at > x.changed_at as stale, d.terms
          from search.artwork_versions v
          join jsonb_to_recordset(${jsonb(versions)}) as x(artwork_id uuid, changed_at timestamptz)
            on x.artwork_id = v.artwork_id
          left join search.artwork_details d on d.artwork_id = v.artwork_id
          order by v.artwork_id
          for update of v`,
      );
      const heldById = new Map(held.map((row) => [row.artwork_id, row]));
      const fresh = versions.filter((version) => heldById.get(version.artwork_id)?.stale === false);
      if (fresh.length === 0) return;

      const documents: IndexedArtwork[] = [];
      const removed: string[] = [];
      const deltas = new Map<string, number>();
      for (const version of fresh) {
        const index = latest.get(version.artwork_id);
        const projection = index === undefined ? undefined : projections[index];
        if (!projection || index === undefined) continue;
        const before = parsed<string[] | null>(heldById.get(version.artwork_id)?.terms) ?? [];
        if (projection.status === 'published') {
          const document = indexedArtwork(projection);
          documents.push(document);
          countDeltas(deltas, before, document.terms);
          outcomes[index] = 'stored';
        } else {
          removed.push(projection.artworkId);
          countDeltas(deltas, before, []);
          outcomes[index] = 'removed';
        }
      }

      await tx.execute(sql`update search.artwork_versions v set changed_at = x.changed_at, status = x.status
        from jsonb_to_recordset(${jsonb(fresh)}) as x(artwork_id uuid, changed_at timestamptz, status text)
        where v.artwork_id = x.artwork_id`);
      if (documents.length > 0) {
        const rows = documents.map((d) => ({
          artwork_id: d.artworkId,
          slug: d.slug,
          title: d.title,
          description: d.description,
          title_text: d.indexText.title,
          keywords_text: d.indexText.keywords,
          description_text: d.indexText.description,
          techniques: d.techniques,
          collection_slugs: d.collectionSlugs,
          collection_titles: d.collectionTitles,
          year: d.year,
          plate_width_mm: d.plateWidthMm,
          plate_height_mm: d.plateHeightMm,
          size_band: d.sizeBand,
          price_min_minor: d.priceMinMinor,
          price_max_minor: d.priceMaxMinor,
          currency: d.currency,
          availability: d.availability,
          published_at: d.publishedAt,
          terms: d.terms,
        }));
        // One JSON document for the four statements below, serialised once.
        const payload = jsonb(rows);
        // New combinations of facet values first (in one order, so two writers queue, not deadlock).
        await tx.execute(sql`insert into search.facet_sets (techniques, availability, size_band)
          select distinct x.techniques, x.availability, x.size_band
          from jsonb_to_recordset(${payload}) as x(techniques text[], availability text, size_band text)
          order by 1, 2, 3
          on conflict do nothing`);
        await tx.execute(sql`insert into search.collection_sets (collection_slugs)
          select distinct x.collection_slugs
          from jsonb_to_recordset(${payload}) as x(collection_slugs text[])
          order by 1
          on conflict do nothing`);
        await tx.execute(sql`insert into search.artworks (
            artwork_id, slug, title, techniques, collection_slugs, year, size_band, price_min_minor,
            price_max_minor, availability, published_at, facet_set, collection_set, title_vector, document)
          select artwork_id, slug, title, techniques, collection_slugs, year, size_band, price_min_minor,
            price_max_minor, availability, date_trunc('milliseconds', published_at),
            (select f.id from search.facet_sets f where f.techniques = x.techniques
              and f.availability = x.availability and f.size_band is not distinct from x.size_band),
            (select c.id from search.collection_sets c where c.collection_slugs = x.collection_slugs),
            to_tsvector('search.copper', title_text),
            setweight(to_tsvector('search.copper', title_text), 'A')
              || setweight(to_tsvector('search.copper', keywords_text), 'B')
              || setweight(to_tsvector('search.copper', description_text), 'C')
          from jsonb_to_recordset(${payload}) as x(
            artwork_id uuid, slug text, title text, title_text text, keywords_text text, description_text text,
            techniques text[], collection_slugs text[], year int, size_band text, price_min_minor int,
            price_max_minor int, availability text, published_at timestamptz)
          order by artwork_id
          on conflict (artwork_id) do update set
            slug = excluded.slug, title = excluded.title, techniques = excluded.techniques,
            collection_slugs = excluded.collection_slugs, year = excluded.year, size_band = excluded.size_band,
            price_min_minor = excluded.price_min_minor, price_max_minor = excluded.price_max_minor,
            availability = excluded.availability, published_at = excluded.published_at,
            facet_set = excluded.facet_set, collection_set = excluded.collection_set,
            title_vector = excluded.title_vector, document = excluded.document`);
        await tx.execute(sql`insert into search.artwork_details (
            artwork_id, description, collection_titles, plate_width_mm, plate_height_mm, currency, terms)
          select artwork_id, description, collection_titles, plate_width_mm, plate_height_mm, currency, terms
          from jsonb_to_recordset(${payload}) as x(
            artwork_id uuid, description text, collection_titles text[], plate_width_mm int, plate_height_mm int,
            currency text, terms text[])
          order by artwork_id
          on conflict (artwork_id) do update set
            description = excluded.description, collection_titles = excluded.collection_titles,
            plate_width_mm = excluded.plate_width_mm, plate_height_mm = excluded.plate_height_mm,
            currency = excluded.currency, terms = excluded.terms`);
      }
      const collections = new Map<string, string>();
      for (const d of documents) {
        d.collectionSlugs.forEach((slug, i) => {
          collections.set(slug, d.collectionTitles[i] ?? slug);
        });
      }
      if (collections.size > 0) {
        const rows = [...collections].sort(([a], [b]) => (a < b ? -1 : 1)).map(([slug, title]) => ({ slug, title }));
        await tx.execute(sql`insert into search.collections as c (slug, title)
          select slug, title from jsonb_to_recordset(${jsonb(rows)}) as x(slug text, title text)
          on conflict (slug) do update set title = excluded.title where c.title <> excluded.title`);
      }
      if (removed.length > 0) {
        await tx.execute(sql`delete from search.artworks where artwork_id = any(${uuidArray(removed)})`);
      }
      await applyTermDeltas(tx, deltas);
    });
    return outcomes;
  }

  return {
    upsertArtworks,

    async upsertArtwork(projection) {
      const [outcome] = await upsertArtworks([projection]);
      return outcome ?? 'stale';
    },

    async removeArtwork(artworkId, changedAt) {
      return db.transaction(async (tx) => {
        const at = changedAt === undefined ? sql`'-infinity'::timestamptz` : sql`${changedAt}::timestamptz`;
        await tx.execute(sql`insert into search.artwork_versions (artwork_id, changed_at, status)
          values (${artworkId}::uuid, ${at}, 'removed') on conflict (artwork_id) do nothing`);
        const [held] = await executeRows<{ stale: boolean | null }>(
          tx,
          sql`select v.changed_at > ${at} as stale from search.artwork_versions v
            where v.artwork_id = ${artworkId}::uuid for update`,
        );
        if (changedAt !== undefined && held?.stale) return 'stale';
        if (changedAt !== undefined) {
          await tx.execute(sql`update search.artwork_versions set changed_at = ${at}, status = 'removed'
            where artwork_id = ${artworkId}::uuid`);
        }
        const [gone] = await executeRows<{ terms: unknown }>(
          tx,
          // The details go with the artwork (on delete cascade); their terms are read on the way.
          sql`with gone as (delete from search.artworks where artwork_id = ${artworkId}::uuid returning artwork_id)
            select d.terms from gone join search.artwork_details d on d.artwork_id = gone.artwork_id`,
        );
        if (!gone) return 'absent';
        const deltas = new Map<string, number>();
        countDeltas(deltas, parsed<string[]>(gone.terms) ?? [], []);
        await applyTermDeltas(tx, deltas);
        return 'removed';
      });
    },

    async applyMedia(media: MediaDocument) {
      const thumbnail = pickThumbnail(media.renditions);
      // A MediaDocument always has renditions (the schema says min 1), so this is a drifted producer.
      if (!thumbnail) throw new Error(`media ${media.id} has no rendition a hit can show`);
      const [row] = await executeRows<{ written: number; searchable: boolean }>(
        db,
        sql`with written as (
            insert into search.media as m (artwork_id, media_id, thumbnail, thumbhash, dominant_colour, alt, published_at)
            values (${media.artworkId}::uuid, ${media.id}::uuid, ${jsonb(thumbnail)}, ${media.placeholder.thumbhash},
              ${media.placeholder.dominantColour}, ${media.alt}, ${media.publishedAt}::timestamptz)
            on conflict (artwork_id) do update set
              media_id = excluded.media_id, thumbnail = excluded.thumbnail, thumbhash = excluded.thumbhash,
              dominant_colour = excluded.dominant_colour, alt = excluded.alt, published_at = excluded.published_at
            where excluded.published_at > m.published_at
              or (excluded.published_at = m.published_at and excluded.media_id >= m.media_id)
            returning 1
          )
          select (select count(*)::int from written) as written,
            exists (select 1 from search.artworks where artwork_id = ${media.artworkId}::uuid) as searchable`,
      );
      if (!row || Number(row.written) === 0) return 'stale';
      return row.searchable ? 'stored' : 'unknown-artwork';
    },

    async optimize() {
      // A reindex rewrites every term count many times over; until vacuumed, the dead row versions
      // sit in the trigram index and make typo lookups ten times slower. Fresh statistics let the
      // planner size the GIN scans. (VACUUM cannot run inside a transaction: call it outside one.)
      await db.execute(
        sql`vacuum (analyze) search.terms, search.artworks, search.artwork_details, search.artwork_versions, search.media, search.collections, search.facet_sets, search.collection_sets`,
      );
    },

    async clear(options) {
      await db.execute(
        // The sets restart from 1, so that a rebuild numbers them as the first build did.
        sql`truncate search.artworks, search.artwork_details, search.terms, search.artwork_versions, search.collections, search.facet_sets, search.collection_sets restart identity`,
      );
      if (options?.media) await db.execute(sql`truncate search.media`);
    },

    search: (query: EngineQuery): Promise<EngineResult> =>
      planned(query.q, async (tx, plan) => {
        const browse = isBrowse(plan);
        const compiled = compileQuery(plan);
        const { filters } = query;
        const overlaps = (column: string, values: readonly string[]) =>
          values.length > 0 ? sql`${sql.raw(column)} && ${textArray(values)}` : undefined;
        const oneOf = (column: string, values: readonly string[]) =>
          values.length > 0 ? sql`${sql.raw(column)} = any(${textArray(values)})` : undefined;
        const yearSet = filters.year.from !== undefined || filters.year.to !== undefined;
        const priceSet = filters.price.from !== undefined || filters.price.to !== undefined;
        // The filters asked for, each a flag of a match; a price range keeps artworks with an edition
        // that can be bought within it.
        const active = Object.entries({
          technique: overlaps('a.techniques', filters.techniques),
          collection: overlaps('a.collection_slugs', filters.collections),
          year: yearSet ? bounds(sql`a.year`, filters.year.from, filters.year.to) : undefined,
          price: priceSet
            ? sql`(a.price_min_minor is not null and ${bounds(sql`a.price_max_minor`, filters.price.from, undefined)}
                and ${bounds(sql`a.price_min_minor`, undefined, filters.price.to)})`
            : undefined,
          availability: oneOf('a.availability', filters.availability),
          size: oneOf('a.size_band', filters.sizes),
        }).flatMap(([name, condition]) => (condition ? [{ name, condition }] : []));
        const flags = sql.join(
          active.map((flag) => sql`, ${flag.condition} as ${sql.raw(`f_${flag.name}`)}`),
          sql``,
        );
        const flagNames = sql.join(
          active.map((flag) => sql`, ${sql.raw(`f_${flag.name}`)}`),
          sql``,
        );
        // Disjunctive facets: each facet is counted under every filter but its own.
        const allBut = (prefix: string, except?: string) => {
          const kept = active.filter((flag) => flag.name !== except);
          return kept.length === 0
            ? sql`true`
            : sql.join(
                kept.map((flag) => sql.raw(`${prefix}.f_${flag.name}`)),
                sql` and `,
              );
        };
        const everyFilter =
          active.length === 0
            ? sql`true`
            : sql.join(
                active.map((flag) => flag.condition),
                sql` and `,
              );
        // The expressions themselves (not q's columns) wherever an index should serve a match: the
        // planner folds them to constants and costs the GIN index scan.
        const text = { strict: tsquery(compiled.strict), noTypo: tsquery(compiled.noTypo), all: tsquery(compiled.all) };
        const withQ = sql`with q as materialized (
          select ${text.strict} as strict, ${text.noTypo} as no_typo, ${text.all} as every
        )`;
        const relevance = query.order === 'relevance' && !browse;
        const matches = browse ? sql`true` : sql`a.document @@ ${text.all}`;

        const highlights = browse
          ? sql`'titleHighlight', null, 'descriptionHighlight', null`
          : sql`'titleHighlight', ts_headline('search.copper', ${escapedSql(sql`a.title`)}, q.every,
              'StartSel=<mark>, StopSel=</mark>, HighlightAll=true'),
            'descriptionHighlight', case
              when d.description = '' then ''
              -- A short description is shown whole; a long one as its two best fragments.
              when length(d.description) <= ${WHOLE_DESCRIPTION_CHARS} then ts_headline('search.copper',
                ${escapedSql(sql`d.description`)}, q.every, 'StartSel=<mark>, StopSel=</mark>, HighlightAll=true')
              else ts_headline('search.copper', ${escapedSql(sql`left(d.description, ${HIGHLIGHT_SOURCE_CHARS})`)},
                q.every,
                'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=24, MinWords=12, FragmentDelimiter=" … "')
              end`;
        /** The hits of a page (rows of artwork_id, score and the sort columns), as JSON in page order. */
        const hitsOf = (page: SQL) => sql`(select coalesce(json_agg(h.hit order by h.n), '[]'::json) from (
            select row_number() over (order by ${orderBy(query.order, 'p')}) as n,
              json_build_object(
                'artworkId', a.artwork_id, 'slug', a.slug, 'title', a.title, 'description', left(d.description, 1000),
                'year', a.year, 'techniques', a.techniques, 'collectionSlugs', a.collection_slugs,
                'collectionTitles', d.collection_titles, 'priceMin', a.price_min_minor, 'priceMax', a.price_max_minor,
                'currency', d.currency, 'availability', a.availability, 'plateWidth', d.plate_width_mm,
                'plateHeight', d.plate_height_mm, 'size', a.size_band, 'publishedAt', a.published_at,
                'score', p.score,
                'media', case when md.artwork_id is null then null else json_build_object(
                  'thumbnail', md.thumbnail, 'thumbhash', md.thumbhash, 'dominantColour', md.dominant_colour,
                  'alt', md.alt) end,
                ${highlights}
              ) as hit
            from (${page}) p
            join search.artworks a on a.artwork_id = p.artwork_id
            join search.artwork_details d on d.artwork_id = p.artwork_id
            left join search.media md on md.artwork_id = p.artwork_id
            cross join q
          ) h)`;

        // Relevance: typo-free before typo, then all words in the title before elsewhere, then words as
        // typed before synonyms and prefixes, then ts_rank (title A, techniques/collections/year B,
        // description C, by length). The first two rules split the matches into four tiers whose scores
        // never overlap (RELEVANCE_TIERS), so a page is read tier by tier, each through a GIN index, and
        // only the rows of the tiers it reaches are ranked: "harbour" in a title fills the first page
        // without ranking the thousands of descriptions that mention a harbour.
        const score = sql`((case
            when a.document @@ q.no_typo then 16 + case when a.title_vector @@ q.no_typo then 8 else 0 end
            when a.title_vector @@ q.every then 8 else 0 end)
          + case when a.title_vector @@ q.strict then 4 else 0 end
          + case when a.document @@ q.strict then 2 else 0 end
          + ts_rank(a.document, q.every, 33))::float8`;
        const tierMatch: Record<RelevanceTier['name'], SQL> = {
          title: sql`a.title_vector @@ ${text.noTypo}`,
          document: sql`a.document @@ ${text.noTypo} and not a.title_vector @@ ${text.noTypo}`,
          'title-typo': sql`a.title_vector @@ ${text.all} and not a.document @@ ${text.noTypo}`,
          'document-typo': sql`a.document @@ ${text.all} and not a.title_vector @@ ${text.all}
            and not a.document @@ ${text.noTypo}`,
        };
        const typos = plan.slots.some((slot) => slot.typos.length > 0);
        const tiers = RELEVANCE_TIERS.filter(
          (tier) =>
            (typos || !tier.typo) &&
            // A tier whose every score is above the cursor's was read by earlier pages.
            !(query.after && typeof query.after.key === 'number' && tier.minScore > query.after.key),
        );
        const tierPage = (tier: RelevanceTier) => sql`select t.* from (
            select a.artwork_id, ${score} as score, a.published_at, a.price_min_minor, a.price_max_minor
            from search.artworks a cross join q
            where ${tierMatch[tier.name]} and ${everyFilter}
          ) t
          where ${afterPosition(query.order, query.after, 't')}
          order by ${orderBy(query.order, 't')}
          limit ${query.limit + 1}`;
        // A tier is read only while the tiers above it hold less than a page: the condition on their
        // counts is a one-time filter, checked before the tier's own scan would run.
        const tierCtes = tiers.map((tier, i) => {
          const above = tiers.slice(0, i).map((_, j) => sql`(select count(*) from ${sql.raw(`tier_${j}`)})`);
          const needed = above.length === 0 ? sql`true` : sql`${sql.join(above, sql` + `)} <= ${query.limit}`;
          return sql`${sql.raw(`tier_${i}`)} as materialized (
            select p.* from (${tierPage(tier)}) p where ${needed}
          )`;
        });
        // Newest or by price with words: the matches are kept once (narrow) for both the page and the
        // counts. Browsing reads its page on its own, down the published_at index.
        const keepMatches = !relevance && !browse;
        const page = relevance
          ? tiers.length === 0
            ? sql`select null::uuid as artwork_id, 0::float8 as score, null::timestamptz as published_at,
                null::int as price_min_minor, null::int as price_max_minor where false`
            : sql`select u.* from (${sql.join(
                tiers.map((_, i) => sql`select * from ${sql.raw(`tier_${i}`)}`),
                sql` union all `,
              )}) u order by ${orderBy(query.order, 'u')} limit ${query.limit + 1}`
          : keepMatches
            ? sql`select m.artwork_id, 0::float8 as score, m.published_at, m.price_min_minor, m.price_max_minor
                from matched m
                where ${allBut('m')} and ${afterPosition(query.order, query.after, 'm')}
                order by ${orderBy(query.order, 'm')}
                limit ${query.limit + 1}`
            : sql`select a.artwork_id, 0::float8 as score, a.published_at, a.price_min_minor, a.price_max_minor
                from search.artworks a
                where ${everyFilter} and ${afterPosition(query.order, query.after, 'a')}
                order by ${orderBy(query.order, 'a')}
                limit ${query.limit + 1}`;
        const ctes: SQL[] = relevance ? [...tierCtes] : [];
        if (keepMatches) {
          ctes.push(sql`matched as materialized (
            select a.artwork_id, a.facet_set, a.collection_set, a.year, a.price_min_minor, a.price_max_minor,
              a.published_at${flags}
            from search.artworks a where ${matches}
          )`);
        }
        // The counts read every match once, in two groupings of one pass: by facet set (techniques,
        // availability, size band) and by collection set, each with the filters' flags. Integers,
        // a few hundred groups each however many matches; every facet, the total and the ranges are
        // then summed from the groups, and the sets' values read once a set.
        ctes.push(
          sql`grouped as materialized (
            select a.facet_set, a.collection_set${flagNames}, count(*) as n,
              min(a.year) as year_min, max(a.year) as year_max,
              min(a.price_min_minor) as price_min, max(a.price_max_minor) as price_max
            from ${
              keepMatches
                ? sql`matched a`
                : sql`(select a.facet_set, a.collection_set, a.year, a.price_min_minor,
                a.price_max_minor${flags} from search.artworks a where ${matches}) a`
            }
            group by grouping sets ((a.facet_set${flagNames}), (a.collection_set${flagNames}))
          )`,
          sql`by_facet_set as (
            select g.facet_set,
              sum(g.n) filter (where ${allBut('g', 'technique')}) as technique,
              sum(g.n) filter (where ${allBut('g', 'availability')}) as availability,
              sum(g.n) filter (where ${allBut('g', 'size')}) as size
            from grouped g where g.facet_set is not null group by g.facet_set
          )`,
          sql`by_collection_set as (
            select g.collection_set, sum(g.n) filter (where ${allBut('g', 'collection')}) as collection
            from grouped g where g.collection_set is not null group by g.collection_set
          )`,
        );

        const [row] = await executeRows<{ hits: unknown; tally: unknown; facets: unknown }>(
          tx,
          sql`${withQ}, ${sql.join(ctes, sql`, `)}
          select
            ${hitsOf(page)} as hits,
            (select json_build_object(
                'total', coalesce(sum(g.n) filter (where ${allBut('g')}), 0),
                'yearMin', min(g.year_min) filter (where ${allBut('g', 'year')}),
                'yearMax', max(g.year_max) filter (where ${allBut('g', 'year')}),
                'priceMin', min(g.price_min) filter (where ${allBut('g', 'price')}),
                'priceMax', max(g.price_max) filter (where ${allBut('g', 'price')}))
              from grouped g where g.facet_set is not null) as tally,
            (select coalesce(json_agg(v), '[]'::json) from (
              select 'technique' as facet, t.value, null as title, sum(b.technique)::int as count
              from by_facet_set b join search.facet_sets f on f.id = b.facet_set
              cross join lateral unnest(f.techniques) as t(value)
              where b.technique is not null group by t.value
              union all
              select 'availability', f.availability, null, sum(b.availability)::int
              from by_facet_set b join search.facet_sets f on f.id = b.facet_set
              where b.availability is not null group by f.availability
              union all
              select 'size', f.size_band, null, sum(b.size)::int
              from by_facet_set b join search.facet_sets f on f.id = b.facet_set
              where b.size is not null and f.size_band is not null group by f.size_band
              union all
              select 'collection', u.value, min(k.title), sum(b.collection)::int
              from by_collection_set b join search.collection_sets c on c.id = b.collection_set
              cross join lateral unnest(c.collection_slugs) as u(value)
              left join search.collections k on k.slug = u.value
              where b.collection is not null group by u.value
            ) v) as facets
          from q`,
        );
        if (!row) throw new Error('the search statement returned no row');
        const raw = parsed<RawHit[]>(row.hits);
        const hits = raw.slice(0, query.limit).map((hit) => toHit(hit, query.order));
        const last = hits.at(-1);
        const tally = parsed<Tally>(row.tally);
        return {
          hits,
          total: Number(tally.total),
          facets: toFacets(parsed(row.facets)),
          stats: { year: range(tally.yearMin, tally.yearMax), price: range(tally.priceMin, tally.priceMax) },
          next: raw.length > query.limit && last ? last.position : null,
        };
      }),

    suggest: (q: string, limit: number): Promise<Suggestion[]> =>
      planned(q, async (tx, plan) => {
        if (isBrowse(plan)) return [];
        const compiled = compileQuery(plan);
        const typingSlot = plan.slots.at(-1)?.prefix === undefined ? undefined : plan.slots.at(-1);
        const { before, typing } = splitTyping(q);
        const prefix = typingSlot?.prefix;
        const typoTerms = (typingSlot?.typos ?? []).filter((phrase) => phrase.length === 1).map((phrase) => phrase[0]);
        // Completions of the word being typed that still find something with the words before it.
        const others = compiled.all.body;
        const stillFinds = (term: SQL) =>
          others
            ? sql`exists (select 1 from search.artworks a
              where a.document @@ (to_tsquery('search.copper', ${others}) && plainto_tsquery('search.copper', ${term})))`
            : sql`true`;
        const terms = prefix
          ? sql`(select coalesce(json_agg(c.term order by c.rank, c.documents desc, c.term), '[]'::json) from (
            select t.term, t.documents, 0 as rank from (
              select term, documents from search.terms
              where term like ${`${prefix}%`} order by documents desc, term limit ${limit * 4}
            ) t where ${stillFinds(sql`t.term`)}
            union all
            select t.term, t.documents, 1 from search.terms t
            where t.term = any(${textArray(typoTerms.filter((term) => term !== undefined))}) and ${stillFinds(sql`t.term`)}
          ) c)`
          : sql`'[]'::json`;
        const [row] = await executeRows<{ titles: unknown; terms: unknown }>(
          tx,
          sql`with q as materialized (
            select ${tsquery(compiled.strict)} as strict, ${tsquery(compiled.noTypo)} as no_typo,
              ${tsquery(compiled.all)} as every
          )
          select
            (select coalesce(json_agg(json_build_object('slug', s.slug, 'title', s.title, 'highlight', s.highlight)
                order by s.rank desc, s.title, s.artwork_id), '[]'::json)
              from (
                select a.artwork_id, a.slug, a.title,
                  ts_headline('search.copper', ${escapedSql(sql`a.title`)}, q.every,
                    'StartSel=<mark>, StopSel=</mark>, HighlightAll=true') as highlight,
                  (case when a.title_vector @@ q.no_typo then 2 else 0 end
                    + case when a.title_vector @@ q.strict then 1 else 0 end
                    + ts_rank(a.title_vector, q.every))::float8 as rank
                from search.artworks a cross join q
                -- The expression itself, not q.every, so the title's GIN index serves the match.
                where a.title_vector @@ ${tsquery(compiled.all)}
                order by rank desc, a.title, a.artwork_id
                limit ${limit}
              ) s) as titles,
            ${terms} as terms
          from q`,
        );
        const titles = parsed<{ slug: string; title: string; highlight: string }[]>(row?.titles ?? '[]').map(
          (title): Suggestion => ({ kind: 'title', text: title.title, highlight: title.highlight, slug: title.slug }),
        );
        const folded = fold(typing);
        const completions = parsed<string[]>(row?.terms ?? '[]').map((term): Suggestion => {
          const marked = term.startsWith(folded) && folded.length > 0;
          return {
            kind: 'term',
            text: `${before}${term}`,
            highlight: marked
              ? `${escapeHtml(before)}<mark>${escapeHtml(term.slice(0, folded.length))}</mark>${escapeHtml(term.slice(folded.length))}`
              : escapeHtml(`${before}${term}`),
          };
        });
        const seen = new Set<string>();
        const out: Suggestion[] = [];
        const add = (suggestion: Suggestion) => {
          const key = fold(suggestion.text).trim();
          if (out.length < limit && !seen.has(key)) {
            seen.add(key);
            out.push(suggestion);
          }
        };
        titles.slice(0, TITLE_SUGGESTIONS).forEach(add);
        completions.forEach(add);
        titles.slice(TITLE_SUGGESTIONS).forEach(add);
        return out;
      }),
  };
}
