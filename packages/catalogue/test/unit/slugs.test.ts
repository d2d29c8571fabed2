import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSlug, SLUG_MAX_LENGTH, SLUG_PATTERN, slugify, uniqueSlug } from '../../src/slugs.ts';
import { accepted, refusedFields } from './results.ts';

const isSlug = (slug: string) => SLUG_PATTERN.test(slug) && slug.length <= SLUG_MAX_LENGTH;

describe('slugify', () => {
  it.each([
    ['Hafen im Nebel — Étude №2', 'hafen-im-nebel-etude-no2'],
    ['Straße über Ærø', 'strasse-uber-aero'],
    ["Artist's Proof", 'artists-proof'],
    ['  --Łódź, 1923!  ', 'lodz-1923'],
    ['ＦＵＬＬＷＩＤＴＨ ﬁsh', 'fullwidth-fish'],
  ])('folds %j to %j', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it('falls back to untitled when nothing of the title survives', () => {
    expect(slugify('')).toBe('untitled');
    expect(slugify('— · —')).toBe('untitled');
    expect(slugify('夜の港')).toBe('untitled');
  });

  it('cuts a long title at the last word boundary within 80 characters', () => {
    const title = `${'radierung '.repeat(7)}aquatinta`; // 70 + 9 = 79 letters and spaces
    expect(slugify(title)).toHaveLength(79);
    const longer = `${'radierung '.repeat(8)}aquatinta`;
    expect(slugify(longer)).toBe(Array(8).fill('radierung').join('-'));
  });

  it('keeps a boundary that falls exactly on the limit', () => {
    const slug = slugify(`${'a'.repeat(80)} tail`);
    expect(slug).toBe('a'.repeat(80));
  });

  it('hard-cuts a single word longer than the limit', () => {
    expect(slugify('x'.repeat(100))).toBe('x'.repeat(80));
  });

  it('always yields a valid slug of at most 80 characters', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (title) => isSlug(slugify(title))));
  });

  it('leaves a valid slug unchanged', () => {
    const word = fc.stringMatching(/^[a-z0-9]{1,12}$/);
    const slug = fc.array(word, { minLength: 1, maxLength: 6 }).map((words) => words.join('-'));
    fc.assert(fc.property(slug, (s) => slugify(s) === s));
  });
});

describe('uniqueSlug', () => {
  it('keeps a free slug and numbers a taken one from 2', () => {
    const taken = new Set(['hafen', 'hafen-2', 'hafen-3']);
    expect(uniqueSlug('mole', (s) => taken.has(s))).toBe('mole');
    expect(uniqueSlug('hafen', (s) => taken.has(s))).toBe('hafen-4');
  });

  it('shortens the base at a word boundary so the suffix fits', () => {
    const base = `${'nebel-'.repeat(13)}hafen`; // 83 characters before slugify cuts it
    const first = slugify(base);
    const second = uniqueSlug(base, (s) => s === first);
    expect(second).toBe(`${'nebel-'.repeat(12)}nebel-2`);
    expect(second.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH);
  });

  it('gives up loudly instead of looping forever', () => {
    expect(() => uniqueSlug('hafen', () => true)).toThrowError(RangeError);
  });

  it('always returns a valid slug that is not taken', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.integer({ min: 0, max: 30 }), (title, clashes) => {
        const root = slugify(title);
        const taken = new Set([root, ...Array.from({ length: clashes }, (_, i) => `${root}-${i + 2}`)]);
        const slug = uniqueSlug(title, (s) => taken.has(s));
        return isSlug(slug) && !taken.has(slug);
      }),
    );
  });
});

describe('checkSlug', () => {
  it('accepts a hand-edited slug as typed', () => {
    expect(accepted(checkSlug('hafen-im-nebel-2'))).toBe('hafen-im-nebel-2');
  });

  it.each([[''], ['Hafen'], ['hafen--nebel'], ['-hafen'], ['hafen-'], ['hafen_nebel'], ['étude'], ['x'.repeat(81)]])(
    'refuses %j on the given field',
    (slug) => {
      expect(refusedFields(checkSlug(slug, 'body.slug'))).toEqual([['InvalidValueError', 'body.slug']]);
    },
  );

  it('accepts exactly 80 characters', () => {
    expect(accepted(checkSlug('x'.repeat(80)))).toHaveLength(80);
  });
});
