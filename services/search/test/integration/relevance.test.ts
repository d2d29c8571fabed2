// The relevance table: queries as visitors type them (whole words, partial words, typos, accents,
// synonyms) and the artworks they must find first, on PGlite and on PostgreSQL (DATABASE_URL).
import { createTestDatabase, type TestDatabase } from '@copper/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Search } from '../../src/domain/search.ts';
import { loadCatalogue, request } from '../support/search.ts';

let database: TestDatabase;
let search: Search;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ search } = await loadCatalogue(database.db));
});

afterAll(async () => {
  await database?.close();
});

const titles = async (q: string) => (await search.search(request({ q }))).hits.map((hit) => hit.title);

describe(`relevance (${process.env.DATABASE_URL ? 'PostgreSQL server' : 'PGlite'})`, () => {
  // [query, the artwork that must come first]
  const first: [string, string][] = [
    // whole words, any case, with or without accents
    ['harbour', 'Harbour in Fog'],
    ['harbor', 'Harbor Lights'],
    ['cafe', 'Café du Port'],
    ['café', 'Café du Port'],
    ['CAFÉ DU PORT', 'Café du Port'],
    ['etudes', 'Études de mains'],
    ['études', 'Études de mains'],
    ['naive garden', 'Naïve Garden'],
    ['naïve', 'Naïve Garden'],
    ['ｈａｒｂｏｕｒ', 'Harbour in Fog'],
    ['thistle', 'Thistle'],
    ['heron reeds', 'Grey Heron'],
    ['boats shingle', 'Boats at Rest'],
    ['fishing boats', 'Harbour in Fog'],
    ['chine collé', 'Chine-collé Leaves'],
    // synonyms, the spelling typed first
    ['grey', 'Grey Heron'],
    ['gray', 'Gray Morning'],
    ['dry point', 'Dry Point Study of Ferns'],
    ['drypoint', 'Dry Point Study of Ferns'],
    ['colour', 'Poppies in Colour'],
    ['color', 'Poppies in Colour'],
    ['poppies color', 'Poppies in Colour'],
    // partial words, as typed
    ['lightho', 'Lighthouse'],
    ['thist', 'Thistle'],
    ['café du p', 'Café du Port'],
    ['mezzo', 'Mezzotint Night'],
    ['cathedral d', 'Cathedral Door'],
    ['orch', 'Orchard in Bloom'],
    // typos: one from 5 letters, two from 9, a swap of letters counting one
    ['thistel', 'Thistle'],
    ['aquatnit', 'Aquatint Sky'],
    ['mezotint', 'Mezzotint Night'],
    ['lighthuose', 'Lighthouse'],
    ['lihgthuose', 'Lighthouse'],
    ['cathedrl door', 'Cathedral Door'],
    ['orchrad', 'Orchard in Bloom'],
    ['refelctions', 'Reflections'],
    ['estaury', 'Estuary at Low Tide'],
    // a typo in the word being typed
    ['lightjo', 'Lighthouse'],
    ['cathedrla', 'Cathedral Door'],
  ];

  it.each(first)('%j finds %j first', async (q, title) => {
    expect((await titles(q))[0]).toBe(title);
  });

  // [query, the artworks that must fill the top places, in any order]
  const top: [string, string[]][] = [
    ['harbour', ['Harbour in Fog', 'Harbor Lights']],
    ['harbr', ['Harbour in Fog', 'Harbor Lights']],
    ['habrour', ['Harbour in Fog', 'Harbor Lights']],
    ['harb', ['Harbour in Fog', 'Harbor Lights']],
    ['the harbour ', ['Harbour in Fog', 'Harbor Lights']],
    ['grey', ['Grey Heron', 'Gray Morning']],
    ['boats', ['Boats at Rest', 'Sailing Boats']],
    ['fern', ['Fern Fronds', 'Dry Point Study of Ferns']],
  ];

  it.each(top)('%j finds %j first', async (q, expected) => {
    expect((await titles(q)).slice(0, expected.length).sort()).toEqual([...expected].sort());
  });

  it('puts title matches above description matches', async () => {
    const found = await titles('harbour');
    // Lighthouse, Reflections, Fishermen's Nets and Night Ferry mention a harbour in their description only.
    for (const title of ['Lighthouse', 'Reflections', "Fishermen's Nets", 'Night Ferry']) {
      expect(found.indexOf(title)).toBeGreaterThan(1);
    }
  });

  it('puts an exact word in a description above a typo in a title', async () => {
    // "single" is in Thistle's description; "Shingle Beach" is one typo away in its title.
    const found = await titles('single');
    expect(found[0]).toBe('Thistle');
    expect(found).toContain('Shingle Beach');
  });

  it('puts a whole word above a word it is the start of', async () => {
    const found = await titles('boat ');
    expect(found).not.toContain('Boatyard');
    const typing = await titles('boat');
    expect(typing.indexOf('Boatyard')).toBeGreaterThan(typing.indexOf('Boats at Rest'));
  });

  it('allows no typo in words under five letters, and counts a first-letter typo twice', async () => {
    expect(await titles('fogg ')).toEqual([]);
    expect(await titles('hoats ')).toEqual([]);
    expect(await titles('baots ')).toEqual(expect.arrayContaining(['Boats at Rest', 'Sailing Boats']));
  });

  it('needs every word', async () => {
    expect(await titles('thistle harbour ')).toEqual([]);
  });

  it('searches techniques, collections and years too', async () => {
    expect(await titles('sugar lift')).toEqual(['Sugar Lift Waves']);
    expect(await titles('night pieces ')).toEqual(expect.arrayContaining(['Harbor Lights', 'Night Ferry']));
    expect(await titles('2014 ')).toEqual(expect.arrayContaining(['Thistle', 'Shingle Beach']));
  });
});

describe('hostile queries are searched as text', () => {
  const hostile = [
    `'`,
    `"`,
    `\\`,
    `'; drop table search.artworks; --`,
    `' or 1=1 --`,
    '&|!:*()<>',
    'harbour:* | !fog',
    'harbour & | boat',
    '(((',
    '<->',
    '<2>',
    "'harbour':A",
    '%_',
    '$1',
    '::tsquery',
    'NULL',
    '\u0001\u0002',
    '\u0301\u0301',
    '\u202ebackwards',
    '🚢 harbour',
    'x'.repeat(200),
    'a '.repeat(100),
    `${'harbour '.repeat(24)}fog`,
    'ΑΒΓ 港 ☃',
  ];

  it.each(hostile)('%j answers without an error', async (q) => {
    const page = await search.search(request({ q }));
    expect(page.total).toBeGreaterThanOrEqual(0);
    expect(page.hits.length).toBeLessThanOrEqual(50);
  });

  it('keeps the words between the operators', async () => {
    expect((await titles('harbour:* | !fog'))[0]).toBe('Harbour in Fog');
    expect(await titles("'; drop table search.artworks; --")).toEqual([]);
    expect((await search.search(request())).total).toBe(30);
  });
});
