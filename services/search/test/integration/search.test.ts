// Filters, disjunctive facets, sorts, cursor pagination, highlights and suggestions over the
// fixture catalogue, checked against the fixture itself.
import { createTestDatabase, type TestDatabase } from '@copper/db/testing';
import type { ArtworkProjection } from '@copper/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchRequestError } from '../../src/domain/errors.ts';
import type { FacetCount, Sort } from '../../src/domain/ports.ts';
import type { Search, SearchRequest } from '../../src/domain/search.ts';
import { sizeBand } from '../../src/domain/size.ts';
import { byTitle, CATALOGUE, COLLECTIONS } from '../support/catalogue.ts';
import { allPages, loadCatalogue, request } from '../support/search.ts';

let database: TestDatabase;
let search: Search;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ search } = await loadCatalogue(database.db));
});

afterAll(async () => {
  await database?.close();
});

type Filter = 'technique' | 'collection' | 'availability' | 'size' | 'year' | 'price';

/** The fixture's own answer to a filter, so the database is checked against plain code. */
function keeps(artwork: ArtworkProjection, r: SearchRequest, except?: Filter): boolean {
  const band = sizeBand(artwork.plateWidthMm, artwork.plateHeightMm);
  const checks: Record<Filter, () => boolean> = {
    technique: () => r.technique.length === 0 || artwork.techniques.some((t) => (r.technique as string[]).includes(t)),
    collection: () => r.collection.length === 0 || artwork.collections.some((c) => r.collection.includes(c.slug)),
    availability: () => r.availability.length === 0 || r.availability.includes(artwork.availability),
    size: () => r.size.length === 0 || (band !== null && r.size.includes(band)),
    year: () =>
      (r.yearFrom === undefined && r.yearTo === undefined) ||
      (artwork.year !== null && artwork.year >= (r.yearFrom ?? -1) && artwork.year <= (r.yearTo ?? 1e9)),
    price: () =>
      (r.priceFrom === undefined && r.priceTo === undefined) ||
      (artwork.price !== null &&
        artwork.price.maxMinor >= (r.priceFrom ?? 0) &&
        artwork.price.minMinor <= (r.priceTo ?? 1e12)),
  };
  return (Object.keys(checks) as Filter[]).every((filter) => filter === except || checks[filter]());
}

function countsOf(values: string[]): FacetCount[] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count }));
}

const sorted = (counts: FacetCount[]) =>
  [...counts].map(({ value, count }) => ({ value, count })).sort((a, b) => a.value.localeCompare(b.value));

/** Facets as the disjunctive rule counts them over `matched`: each under every filter but its own. */
function expectedFacets(matched: ArtworkProjection[], r: SearchRequest) {
  const under = (except: Filter) => matched.filter((artwork) => keeps(artwork, r, except));
  return {
    technique: countsOf(under('technique').flatMap((a) => a.techniques)),
    collection: countsOf(under('collection').flatMap((a) => a.collections.map((c) => c.slug))),
    availability: countsOf(under('availability').map((a) => a.availability)),
    size: countsOf(
      under('size').flatMap((a) => {
        const band = sizeBand(a.plateWidthMm, a.plateHeightMm);
        return band ? [band] : [];
      }),
    ),
  };
}

const slugsOf = (artworks: ArtworkProjection[]) => artworks.map((artwork) => artwork.slug).sort();

describe('filters', () => {
  const cases: [string, Partial<SearchRequest>][] = [
    ['one technique', { technique: ['drypoint'] }],
    ['any of two techniques', { technique: ['mezzotint', 'engraving'] }],
    ['a collection', { collection: [COLLECTIONS.plants.slug] }],
    ['availability', { availability: ['sold-out', 'reserved'] }],
    ['a size band', { size: ['large'] }],
    ['a year range', { yearFrom: 2015, yearTo: 2019 }],
    ['years from', { yearFrom: 2022 }],
    ['a price range (any edition within it)', { priceFrom: 40000, priceTo: 45000 }],
    ['prices up to', { priceTo: 20000 }],
    ['everything at once', { technique: ['etching'], collection: ['plants'], size: ['small'], priceTo: 20000 }],
  ];

  it.each(cases)('%s keeps exactly what the filter says', async (_, filter) => {
    const r = request(filter);
    const page = await search.search(r);
    const expected = CATALOGUE.filter((artwork) => keeps(artwork, r));
    expect(expected.length).toBeGreaterThan(0);
    expect(page.hits.map((hit) => hit.slug).sort()).toEqual(slugsOf(expected));
    expect(page.total).toBe(expected.length);
  });

  it('combines with words', async () => {
    const page = await search.search(request({ q: 'harbour', technique: ['etching'] }));
    expect(page.hits.map((hit) => hit.title).sort()).toEqual([
      'Boats at Rest',
      'Café du Port',
      "Fishermen's Nets",
      'Harbour in Fog',
    ]);
  });

  it('finds nothing in a collection no searchable artwork is in', async () => {
    const page = await search.search(request({ collection: ['no-such-collection'] }));
    expect(page.total).toBe(0);
    expect(page.facets.collection).toContainEqual({ value: 'no-such-collection', count: 0 });
  });
});

describe('facets (disjunctive: a facet is counted under every filter but its own)', () => {
  const cases: [string, Partial<SearchRequest>][] = [
    ['browsing', {}],
    ['one technique', { technique: ['drypoint'] }],
    ['two facets filtered', { technique: ['aquatint'], availability: ['available'] }],
    ['ranges and a size', { yearFrom: 2016, priceTo: 50000, size: ['medium', 'small'] }],
    ['words and filters', { q: 'harbour', technique: ['etching'], collection: ['harbours-and-shores'] }],
  ];

  it.each(cases)('%s', async (_, filter) => {
    const r = request(filter);
    const everything = (await search.search(request({ q: r.q }))).hits.map((hit) => byTitle(hit.title));
    const page = await search.search(r);
    const expected = expectedFacets(everything, r);
    // Values asked for stay listed (at 0 when nothing has them); others only when something has them.
    const listed = (facet: FacetCount[]) => sorted(facet.filter((value) => value.count > 0));
    expect(listed(page.facets.technique)).toEqual(sorted(expected.technique));
    expect(listed(page.facets.collection)).toEqual(sorted(expected.collection));
    expect(listed(page.facets.availability)).toEqual(sorted(expected.availability));
    expect(listed(page.facets.size)).toEqual(sorted(expected.size));
    expect(page.total).toBe(everything.filter((artwork) => keeps(artwork, r)).length);
  });

  it('names collections by their titles and lists values most common first', async () => {
    const page = await search.search(request());
    const plants = CATALOGUE.filter((artwork) => artwork.collections.some((c) => c.slug === 'plants')).length;
    expect(plants).toBe(8);
    expect(page.facets.collection[0]).toEqual({ value: 'plants', title: 'Plants', count: plants });
    expect(page.facets.collection).toContainEqual({ value: 'etudes', title: 'Études', count: 1 });
    const counts = page.facets.technique.map((value) => value.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('gives the year and price ranges of what the other filters keep', async () => {
    const page = await search.search(request({ technique: ['mezzotint'], yearFrom: 2021 }));
    // Years over every mezzotint (not only from 2021), prices over the mezzotints from 2021.
    expect(page.stats).toEqual({ year: { min: 2020, max: 2022 }, price: { min: 56000, max: 90000 } });
    expect((await search.search(request({ q: 'shingle beach' }))).stats.price).toBeNull();
  });
});

describe('sorts and cursor pagination', () => {
  const id = (slug: string) => CATALOGUE.find((artwork) => artwork.slug === slug)?.artworkId ?? '';
  const byIdThen = (a: ArtworkProjection, b: ArtworkProjection) => (a.artworkId < b.artworkId ? -1 : 1);
  const nullsLast = (a: number | null, b: number | null, direction: 1 | -1) =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : (a - b) * direction;

  it('sorts newest first', async () => {
    const page = await search.search(request({ sort: 'newest' }));
    const expected = [...CATALOGUE].sort((a, b) => Date.parse(b.publishedAt ?? '') - Date.parse(a.publishedAt ?? ''));
    expect(page.hits.map((hit) => hit.slug)).toEqual(expected.map((artwork) => artwork.slug));
  });

  it('sorts by the lowest price up and the highest price down, unpriced last', async () => {
    const up = await search.search(request({ sort: 'price_asc' }));
    const expectedUp = [...CATALOGUE].sort(
      (a, b) => nullsLast(a.price?.minMinor ?? null, b.price?.minMinor ?? null, 1) || byIdThen(a, b),
    );
    expect(up.hits.map((hit) => hit.slug)).toEqual(expectedUp.map((artwork) => artwork.slug));
    const down = await search.search(request({ sort: 'price_desc' }));
    const expectedDown = [...CATALOGUE].sort(
      (a, b) => nullsLast(a.price?.maxMinor ?? null, b.price?.maxMinor ?? null, -1) || byIdThen(a, b),
    );
    expect(down.hits.map((hit) => hit.slug)).toEqual(expectedDown.map((artwork) => artwork.slug));
    expect(down.hits.at(-1)?.slug).toBe('shingle-beach');
  });

  it('browses newest first when sorted by relevance without words', async () => {
    const relevance = await search.search(request({ sort: 'relevance' }));
    const newest = await search.search(request({ sort: 'newest' }));
    expect(relevance.hits.map((hit) => hit.slug)).toEqual(newest.hits.map((hit) => hit.slug));
  });

  const walks: [string, Partial<SearchRequest>][] = [
    ['browsing newest', { sort: 'newest' }],
    ['by price up', { sort: 'price_asc' }],
    ['by price down', { sort: 'price_desc' }],
    ['by relevance', { q: 'harbour' }],
    ['by relevance, with typos and ties', { q: 'aquatnit' }],
    ['filtered', { technique: ['etching', 'aquatint'], sort: 'price_asc' }],
  ];

  it.each(walks)('pages %s with no duplicate and no gap', async (_, query) => {
    const whole = (await search.search(request({ ...query, limit: 50 }))).hits.map((hit) => hit.slug);
    expect(whole.length).toBeGreaterThan(4);
    for (const limit of [1, 3, 4, 7]) {
      const { slugs, pages } = await allPages(search, query, limit);
      expect(slugs).toEqual(whole);
      expect(new Set(slugs).size).toBe(slugs.length);
      expect(pages).toBe(Math.max(1, Math.ceil(whole.length / limit)));
    }
    expect(id(whole[0] ?? '')).not.toBe('');
  });

  it('ends with no cursor', async () => {
    expect((await search.search(request({ limit: 50 }))).nextCursor).toBeNull();
    expect((await search.search(request({ limit: 29 }))).nextCursor).toEqual(expect.any(String));
  });

  it('refuses a cursor of another search, or one it never handed out, naming the parameter', async () => {
    const first = await search.search(request({ q: 'harbour', limit: 2 }));
    const cursor = first.nextCursor ?? '';
    const refused = async (r: SearchRequest) => {
      const error = await search.search(r).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SearchRequestError);
      return (error as SearchRequestError).parameter;
    };
    expect(await refused(request({ q: 'harbor', limit: 2, cursor }))).toBe('cursor');
    expect(await refused(request({ q: 'harbour', limit: 2, cursor, sort: 'newest' }))).toBe('cursor');
    expect(await refused(request({ q: 'harbour', limit: 2, cursor, technique: ['etching'] }))).toBe('cursor');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(cursor, 'base64url').toString()), k: 'x' }),
    ).toString('base64url');
    expect(await refused(request({ q: 'harbour', limit: 2, cursor: forged }))).toBe('cursor');
    expect(await refused(request({ q: 'harbour', limit: 2, cursor: `${cursor}x` }))).toBe('cursor');
  });
});

describe('hits', () => {
  it('carry what a result needs, with the thumbnail and placeholder of the newest media', async () => {
    const [hit] = (await search.search(request({ q: 'harbour in fog' }))).hits;
    expect(hit).toMatchObject({
      slug: 'harbour-in-fog',
      title: 'Harbour in Fog',
      year: 2019,
      techniques: ['aquatint', 'etching'],
      collections: [{ slug: 'harbours-and-shores', title: 'Harbours & Shores' }],
      price: { minMinor: 38000, maxMinor: 42000, currency: 'EUR' },
      availability: 'available',
      plateSizeMm: { width: 300, height: 200 },
      size: 'medium',
      publishedAt: '2024-01-01T12:00:00.000Z',
      image: {
        thumbnail: { width: 640, height: 480, contentType: 'image/webp', key: expect.stringMatching(/640\.webp$/) },
        placeholder: { thumbhash: expect.any(String), dominantColour: '#6b5a48' },
      },
    });
    expect((await search.search(request({ q: 'thistle' }))).hits[0]?.image).toBeNull();
  });

  it('mark matched words in the title and in description fragments', async () => {
    const hits = (await search.search(request({ q: 'harbour' }))).hits;
    expect(hits.find((hit) => hit.slug === 'harbour-in-fog')?.highlight.title).toBe('<mark>Harbour</mark> in Fog');
    expect(hits.find((hit) => hit.slug === 'harbor-lights')?.highlight.title).toBe('<mark>Harbor</mark> Lights');
    expect(hits.find((hit) => hit.slug === 'lighthouse')?.highlight).toEqual({
      title: 'Lighthouse',
      description: 'The lighthouse at the <mark>harbour</mark> mouth, engraved in clean lines.',
    });
    const typo = (await search.search(request({ q: 'thistel' }))).hits[0];
    expect(typo?.highlight.description).toBe('A single <mark>thistle</mark> head, etched in fine lines.');
    const prefix = (await search.search(request({ q: 'lightho' }))).hits[0];
    expect(prefix?.highlight.title).toBe('<mark>Lighthouse</mark>');
  });

  it('escape the source text before marking it', async () => {
    const [hit] = (await search.search(request({ q: 'reefs' }))).hits;
    expect(hit?.highlight).toEqual({
      title: 'Rocks &amp; &lt;<mark>Reefs</mark>&gt;',
      description: 'Where the &quot;<mark>reef</mark>&quot; breaks: rocks, spray &amp; gulls.',
    });
    const browsed = (await search.search(request({ technique: ['engraving'] }))).hits.find(
      (h) => h.slug === 'rocks-reefs',
    );
    expect(browsed?.highlight.title).toBe('Rocks &amp; &lt;Reefs&gt;');
    for (const q of ['rocks', '<mark>', '<script>alert(1)</script> rocks']) {
      for (const h of (await search.search(request({ q }))).hits) {
        const text = `${h.highlight.title} ${h.highlight.description}`.replace(/<\/?mark>/g, '');
        expect(text).not.toMatch(/[<>"]/);
      }
    }
  });
});

describe('suggest', () => {
  it('completes titles and terms as the visitor types, at most 8', async () => {
    const suggestions = await search.suggest('harb');
    expect(suggestions.length).toBeLessThanOrEqual(8);
    expect(suggestions).toContainEqual({
      kind: 'title',
      text: 'Harbour in Fog',
      highlight: '<mark>Harbour</mark> in Fog',
      slug: 'harbour-in-fog',
    });
    expect(suggestions).toContainEqual({ kind: 'term', text: 'harbour', highlight: '<mark>harb</mark>our' });
    expect(suggestions.filter((s) => s.kind === 'title').map((s) => s.text)).toEqual(
      expect.arrayContaining(['Harbour in Fog', 'Harbor Lights']),
    );
  });

  it('completes the last word with terms that still find something with the words before it', async () => {
    const suggestions = await search.suggest('harbour f');
    const terms = suggestions.filter((s) => s.kind === 'term').map((s) => s.text);
    expect(terms).toContain('harbour fog');
    // "ferns" exists, but no artwork has both a harbour and ferns.
    expect(terms).not.toContain('harbour ferns');
    expect(suggestions[0]).toMatchObject({ kind: 'title', text: 'Harbour in Fog' });
  });

  it('forgives typos and accents', async () => {
    expect((await search.suggest('lighthuo'))[0]).toMatchObject({ kind: 'title', text: 'Lighthouse' });
    expect((await search.suggest('etud'))[0]).toMatchObject({ kind: 'title', text: 'Études de mains' });
  });

  it('has nothing to suggest for nothing, for stop words, or for no match', async () => {
    expect(await search.suggest('')).toEqual([]);
    expect(await search.suggest('the and ')).toEqual([]);
    expect(await search.suggest('xyzzy')).toEqual([]);
  });

  it('suggests hostile input safely', async () => {
    for (const q of [`'`, '\\', '&|!:*()<>', `' or 1=1 --`, '%', '_']) {
      await expect(search.suggest(q)).resolves.toEqual(expect.any(Array));
    }
  });
});

describe('sorts are validated by the domain too', () => {
  it.each(['relevance', 'newest', 'price_asc', 'price_desc'] satisfies Sort[])('%s answers', async (sort) => {
    expect((await search.search(request({ q: 'boats', sort }))).total).toBeGreaterThan(0);
  });

  it('refuses inverted ranges and a limit above the cap, naming the parameter', async () => {
    const parameter = (r: SearchRequest) =>
      search.search(r).then(
        () => 'accepted',
        (error: unknown) => (error instanceof SearchRequestError ? error.parameter : 'thrown'),
      );
    expect(await parameter(request({ yearFrom: 2020, yearTo: 2010 }))).toBe('yearFrom');
    expect(await parameter(request({ priceFrom: 5000, priceTo: 100 }))).toBe('priceFrom');
    expect(await parameter(request({ limit: 51 }))).toBe('limit');
    expect(await parameter(request({ q: 'x'.repeat(201) }))).toBe('q');
    expect(await parameter(request({ yearFrom: 2020, yearTo: 2020, priceFrom: 100, priceTo: 100 }))).toBe('accepted');
  });
});
