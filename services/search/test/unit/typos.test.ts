import { describe, expect, it } from 'vitest';
import { editDistance, prefixTypoCount, typoBudget, typoCount } from '../../src/domain/typos.ts';

describe('typoBudget (Meilisearch: 1 typo from 5 letters, 2 from 9)', () => {
  it.each([
    ['fog', 0],
    ['boat', 0],
    ['boats', 1],
    ['aquatint', 1],
    ['mezzotint', 2],
    ['lighthouse', 2],
    ['études', 1],
    ['19231923', 0],
  ])('%s → %i', (word, budget) => {
    expect(typoBudget(word)).toBe(budget);
  });
});

describe('editDistance (optimal string alignment)', () => {
  it.each([
    ['harbour', 'harbour', 0],
    ['harbor', 'harbour', 1],
    ['habrour', 'harbour', 1],
    ['aquatnit', 'aquatint', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['café', 'cafe', 1],
  ])('%s → %s = %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });

  it('gives up above the limit', () => {
    expect(editDistance('harbour', 'mezzotint', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});

describe('typoCount', () => {
  it('counts a first-letter typo twice', () => {
    expect(typoCount('hoats', 'boats')).toBe(2);
    expect(typoCount('baots', 'boats')).toBe(1);
    expect(typoCount('oats', 'boats')).toBe(2);
  });

  it('never reports more than one over the limit', () => {
    expect(typoCount('harbour', 'mezzotint', 1)).toBe(2);
  });
});

describe('prefixTypoCount', () => {
  it('measures the word being typed against the start of a term', () => {
    expect(prefixTypoCount('harb', 'harbour')).toBe(0);
    expect(prefixTypoCount('harbpu', 'harbour')).toBe(1);
    expect(prefixTypoCount('hrabou', 'harbour')).toBe(1);
    expect(prefixTypoCount('lightjo', 'lighthouse')).toBe(1);
    expect(prefixTypoCount('lightju', 'lighthouse')).toBe(2);
    expect(prefixTypoCount('xarbou', 'harbour', 1)).toBe(2);
  });
});
