// Words as search sees them: lowercase, accents folded, split on anything that is not a letter or
// a digit. The database folds and stems documents with its own `search.copper` configuration; this is
// the same folding on the TypeScript side, for the vocabulary (typos, suggestions) and for reading
// a query into words. Nothing a visitor types survives into a query except these words.

// Letters NFKD does not decompose, folded as PostgreSQL's unaccent rules fold them.
const FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
  ħ: 'h',
  ŀ: 'l',
};
const FOLDABLE = new RegExp(`[${Object.keys(FOLDS).join('')}]`, 'gu');

/** Lowercase, without accents or ligatures: "Études" → "etudes", "Œuvre" → "oeuvre". */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(FOLDABLE, (letter) => FOLDS[letter] ?? letter);
}

/** The words of a text, folded; everything between them (punctuation, operators, quotes) is dropped. */
export function words(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * PostgreSQL's English stop words (`english.stop`, the Snowball list), which `search.copper` leaves
 * out of documents and queries. Kept out of the vocabulary too, so "th" never suggests "the".
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers ' +
    'herself it its itself they them their theirs themselves what which who whom this that these those am is ' +
    'are was were be been being have has had having do does did doing a an the and but if or because as until ' +
    'while of at by for with about against between into through during before after above below to from up ' +
    'down in out on off over under again further then once here there when where why how all any both each ' +
    'few more most other some such no nor not only own same so than too very s t can will just don should now'
  ).split(' '),
);

export const isNumber = (word: string) => /^\p{N}+$/u.test(word);

/** Longest vocabulary term kept: longer "words" are identifiers or noise, never typed. */
export const MAX_TERM_LENGTH = 40;

/** The distinct vocabulary terms of some texts, sorted: no stop words, numbers or single letters. */
export function vocabularyOf(...texts: string[]): string[] {
  const terms = new Set<string>();
  for (const text of texts) {
    for (const word of words(text)) {
      const length = [...word].length;
      if (length < 2 || length > MAX_TERM_LENGTH || STOP_WORDS.has(word) || isNumber(word)) continue;
      terms.add(word);
    }
  }
  return [...terms].sort();
}

/** Escapes text for HTML element content, before any `<mark>` is added around its words. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
