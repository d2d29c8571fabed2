import { describe, expect, it } from 'vitest';
import { compileQuery, isBrowse, MAX_QUERY_WORDS, planQuery, typoLookups, withTypos } from '../../src/domain/query.ts';

describe('planQuery', () => {
  it('reads words, folding case and accents, and treats the last one as being typed', () => {
    const plan = planQuery('Café du PORT');
    expect(plan.slots.map((slot) => slot.typed)).toEqual([['cafe'], ['du'], ['port']]);
    expect(plan.slots.map((slot) => slot.prefix)).toEqual([undefined, undefined, 'port']);
  });

  it('does not treat the last word as being typed once something follows it', () => {
    expect(planQuery('harbour ').slots[0]?.prefix).toBeUndefined();
    expect(planQuery('harbour.').slots[0]?.prefix).toBeUndefined();
    expect(planQuery('harbour').slots[0]?.prefix).toBe('harbour');
  });

  it('leaves out stop words, except the one being typed, which may start a word', () => {
    expect(planQuery('the harbour at ').slots.map((slot) => slot.typed)).toEqual([['harbour']]);
    const typing = planQuery('harbour the');
    expect(typing.slots.at(-1)).toMatchObject({ typed: ['the'], exact: [], prefix: 'the' });
  });

  it('browses when there is no word at all', () => {
    expect(isBrowse(planQuery(''))).toBe(true);
    expect(isBrowse(planQuery('  "&|!:*()<>\\ '))).toBe(true);
    expect(isBrowse(planQuery('the of and '))).toBe(true);
    expect(isBrowse(planQuery('étude'))).toBe(false);
  });

  it('keeps operators and quotes out: they only separate words', () => {
    expect(planQuery("harbour:* & !boat | 'fog' <-> (x)").slots.map((slot) => slot.typed[0])).toEqual([
      'harbour',
      'boat',
      'fog',
      'x',
    ]);
  });

  it('expands synonyms both ways, joining two words into one slot', () => {
    expect(planQuery('harbor ').slots[0]?.exact).toEqual([['harbor'], ['harbour']]);
    expect(planQuery('grey ').slots[0]?.exact).toEqual([['grey'], ['gray']]);
    expect(planQuery('drypoint ').slots[0]?.exact).toEqual([['drypoint'], ['dry', 'point']]);
    const twoWords = planQuery('dry point ');
    expect(twoWords.slots).toHaveLength(1);
    expect(twoWords.slots[0]?.exact).toEqual([['dry', 'point'], ['drypoint']]);
    expect(planQuery('harbors ').slots[0]?.exact).toEqual([['harbors'], ['harbour'], ['harbor']]);
  });

  it('gives each word its typo budget: none under 5 letters, one from 5, two from 9, none for phrases', () => {
    const plan = planQuery('fog boats lighthouse dry point 1923 ');
    expect(plan.slots.map((slot) => [slot.typed.join(' '), slot.budget])).toEqual([
      ['fog', 0],
      ['boats', 1],
      ['lighthouse', 2],
      ['dry point', 0],
      ['1923', 0],
    ]);
  });

  it(`reads at most ${MAX_QUERY_WORDS} words, and then none is being typed`, () => {
    const plan = planQuery(Array.from({ length: 15 }, (_, i) => `w${i}`).join(' '));
    expect(plan.slots).toHaveLength(MAX_QUERY_WORDS);
    expect(plan.slots.some((slot) => slot.prefix)).toBe(false);
  });
});

describe('typo derivations', () => {
  it('asks the vocabulary only for words long enough to carry a typo', () => {
    expect(typoLookups(planQuery('fog sky'))).toEqual([]);
    expect(typoLookups(planQuery('harbr fog '))).toEqual([{ word: 'harbr', prefix: false }]);
    expect(typoLookups(planQuery('harbp'))).toEqual([
      { word: 'harbp', prefix: false },
      { word: 'harbp', prefix: true },
    ]);
  });

  it('keeps terms within the budget, closest and most common first, with their synonyms', () => {
    const plan = withTypos(planQuery('harbr '), [
      { word: 'harbr', term: 'harbor', documents: 2 },
      { word: 'harbr', term: 'harbour', documents: 9 },
      { word: 'harbr', term: 'barbs', documents: 9 },
    ]);
    // harbor: one insertion; harbour: two edits; barbs: first letter (counts two) and more.
    expect(plan.slots[0]?.typos).toEqual([['harbor'], ['harbour']]);
  });

  it('counts a swap of two letters as one typo, and a first-letter typo as two', () => {
    const swapped = withTypos(planQuery('thistel '), [{ word: 'thistel', term: 'thistle', documents: 1 }]);
    expect(swapped.slots[0]?.typos).toEqual([['thistle']]);
    const first = withTypos(planQuery('hoats '), [{ word: 'hoats', term: 'boats', documents: 5 }]);
    expect(first.slots[0]?.typos).toEqual([]);
  });

  it('widens the word being typed to terms whose start is within the budget', () => {
    const plan = withTypos(planQuery('harbpu'), [
      { word: 'harbpu', term: 'harbour', documents: 3 },
      { word: 'harbpu', term: 'harbpuzzle', documents: 1 },
    ]);
    // "harbpuzzle" starts with what was typed, so the prefix already finds it.
    expect(plan.slots[0]?.typos).toEqual([['harbour'], ['harbor']]);
  });
});

describe('compileQuery', () => {
  it('writes quoted words only, whatever was typed', () => {
    const compiled = compileQuery(planQuery(`harbour's "fog" & ') | !x\\`));
    for (const level of Object.values(compiled)) {
      for (const text of Object.values(level)) {
        expect(text).toMatch(/^[\p{L}\p{N}' ():*|&<>-]*$/u);
        expect(text).not.toMatch(/\\/);
      }
    }
  });

  it('ranks by three levels: as typed; with synonyms and the prefix; with typos', () => {
    const plan = withTypos(planQuery('grey harbpu'), [{ word: 'harbpu', term: 'harbour', documents: 1 }]);
    expect(compileQuery(plan)).toEqual({
      strict: { body: "('grey')", last: "('harbpu')" },
      noTypo: { body: "('grey' | 'gray')", last: "('harbpu':*)" },
      all: { body: "('grey' | 'gray')", last: "('harbpu':* | 'harbour' | 'harbor')" },
    });
  });

  it('matches two-word synonyms as phrases', () => {
    expect(compileQuery(planQuery('drypoint ')).noTypo).toEqual({ body: "('drypoint' | 'dry' <-> 'point')" });
  });

  it('matches a stop word being typed as an unstemmed prefix only', () => {
    expect(compileQuery(planQuery('the')).all).toEqual({ raw: "'the':*" });
  });
});
