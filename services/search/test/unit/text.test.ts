import { describe, expect, it } from 'vitest';
import { escapeHtml, fold, STOP_WORDS, vocabularyOf, words } from '../../src/domain/text.ts';

describe('fold and words', () => {
  it.each([
    ['Études', 'etudes'],
    ['Café du Port', 'cafe du port'],
    ['Œuvre', 'oeuvre'],
    ['Straße', 'strasse'],
    ['Ærø', 'aero'],
    ['Łódź', 'lodz'],
    ['ﬁsh', 'fish'],
  ])('folds %s to %s', (text, folded) => {
    expect(fold(text)).toBe(folded);
  });

  it('splits on anything that is not a letter or a digit', () => {
    expect(words(`Rocks & <Reefs>: "chine-collé", 12.5mm — O'Brien's`)).toEqual([
      'rocks',
      'reefs',
      'chine',
      'colle',
      '12',
      '5mm',
      'o',
      'brien',
      's',
    ]);
    expect(words('&|!:*()<>\\\'"')).toEqual([]);
  });
});

describe('vocabularyOf', () => {
  it('keeps distinct words, sorted, without stop words, numbers or single letters', () => {
    expect(vocabularyOf('The Harbour at Dawn, 1923', 'harbour boats a b')).toEqual(['boats', 'dawn', 'harbour']);
  });

  it('knows PostgreSQL English stop words', () => {
    expect(STOP_WORDS.size).toBe(127);
    expect(STOP_WORDS.has('the')).toBe(true);
    expect(STOP_WORDS.has('harbour')).toBe(false);
  });
});

describe('escapeHtml', () => {
  it('escapes what could open a tag or an entity', () => {
    expect(escapeHtml(`Rocks & <Reefs> "x"`)).toBe('Rocks &amp; &lt;Reefs&gt; &quot;x&quot;');
  });
});
