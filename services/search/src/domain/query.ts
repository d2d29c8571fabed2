// A visitor's query read the way a search engine reads it: words (never operators: any character
// that is not a letter or a digit only separates words), each matched with its synonyms, the last
// one as a prefix while it is being typed, and words long enough for typos widened to the
// vocabulary terms within their typo budget. Then written out as tsquery text over quoted words,
// which is safe to hand to to_tsquery whatever the visitor typed.
import { LONGEST_SYNONYM, type Phrase, synonymsOf } from './synonyms.ts';
import { STOP_WORDS, words } from './text.ts';
import { prefixTypoCount, typoBudget, typoCount } from './typos.ts';

/** Words beyond this many are ignored, as Meilisearch does. */
export const MAX_QUERY_WORDS = 10;
/** Typo derivations kept per word, closest first. */
export const MAX_TYPO_TERMS = 8;

export interface Slot {
  /** The words typed for this slot: one, or the words of a multi-word synonym ("dry point"). */
  typed: Phrase;
  /** What matches it with no typo: the typed words and their synonyms. Empty for a stop word being typed. */
  exact: Phrase[];
  /** The word still being typed (the last one, with nothing after it): matched as a prefix too. */
  prefix?: string;
  /** Typos the typed word may carry: 0 for phrases, numbers and short words. */
  budget: 0 | 1 | 2;
  /** Vocabulary terms (and their synonyms) within the budget; see `withTypos`. */
  typos: Phrase[];
}

export interface QueryPlan {
  slots: Slot[];
}

/** Browsing: no word to match, every searchable artwork is a hit. */
export const isBrowse = (plan: QueryPlan) => plan.slots.length === 0;

export function planQuery(q: string): QueryPlan {
  const all = words(q);
  const tokens = all.slice(0, MAX_QUERY_WORDS);
  // The last word is still being typed unless something follows it (a space, a full stop…).
  const typing = tokens.length === all.length && /[\p{L}\p{N}]$/u.test(q);
  const slots: Slot[] = [];
  for (let i = 0; i < tokens.length; ) {
    let taken = 1;
    let exact: Phrase[] | undefined;
    for (let size = Math.min(LONGEST_SYNONYM, tokens.length - i); size >= 1 && !exact; size--) {
      exact = synonymsOf(tokens.slice(i, i + size));
      if (exact) taken = size;
    }
    const typed = tokens.slice(i, i + taken);
    i += taken;
    const word = typed[0] ?? '';
    const last = i === tokens.length && typing && taken === 1;
    if (taken === 1 && STOP_WORDS.has(word)) {
      // Stop words are not indexed; the last one may still be the start of a word ("the" → "theatre").
      if (last) slots.push({ typed, exact: [], prefix: word, budget: 0, typos: [] });
      continue;
    }
    slots.push({
      typed,
      exact: exact ?? [typed],
      ...(last ? { prefix: word } : {}),
      budget: taken === 1 ? typoBudget(word) : 0,
      typos: [],
    });
  }
  return { slots };
}

/** A word to look up near terms for: `prefix` when it is being typed and may be the start of a term. */
export interface TypoLookup {
  word: string;
  prefix: boolean;
}

/** The vocabulary lookups a plan needs; none when no word is long enough for a typo. */
export function typoLookups(plan: QueryPlan): TypoLookup[] {
  const lookups = new Map<string, TypoLookup>();
  for (const slot of plan.slots) {
    const word = slot.typed[0];
    if (slot.budget === 0 || word === undefined) continue;
    lookups.set(`${word}:whole`, { word, prefix: false });
    if (slot.prefix) lookups.set(`${word}:prefix`, { word, prefix: true });
  }
  return [...lookups.values()];
}

/** A vocabulary term near a looked-up word, with the number of artworks holding it. */
export interface TermCandidate {
  word: string;
  term: string;
  documents: number;
}

/**
 * The plan with each word's typo derivations: candidate terms within its budget (a first-letter
 * typo counting twice), closest and most common first. Terms a prefix already matches are left out.
 */
export function withTypos(plan: QueryPlan, candidates: readonly TermCandidate[]): QueryPlan {
  return {
    slots: plan.slots.map((slot) => {
      const word = slot.typed[0];
      if (slot.budget === 0 || word === undefined) return slot;
      const exactWords = new Set(slot.exact.map((phrase) => phrase.join(' ')));
      const scored = new Map<string, { term: string; typos: number; documents: number }>();
      for (const candidate of candidates) {
        const { term } = candidate;
        if (candidate.word !== word || exactWords.has(term) || scored.has(term)) continue;
        if (slot.prefix && term.startsWith(slot.prefix)) continue;
        const typos = Math.min(
          typoCount(word, term, slot.budget),
          slot.prefix ? prefixTypoCount(word, term, slot.budget) : Number.POSITIVE_INFINITY,
        );
        if (typos >= 1 && typos <= slot.budget) scored.set(term, { term, typos, documents: candidate.documents });
      }
      const terms = [...scored.values()]
        .sort((a, b) => a.typos - b.typos || b.documents - a.documents || a.term.localeCompare(b.term))
        .slice(0, MAX_TYPO_TERMS)
        .map((entry) => entry.term);
      const typos = new Map<string, Phrase>();
      for (const term of terms) {
        for (const phrase of synonymsOf([term]) ?? [[term]]) {
          const key = phrase.join(' ');
          if (!exactWords.has(key)) typos.set(key, phrase);
        }
      }
      return { ...slot, typos: [...typos.values()] };
    }),
  };
}

/**
 * tsquery text for one level of matching: `body` (every slot but the one being typed) and `last`
 * (the slot being typed) go to `search.copper`, `raw` (a stop word being typed, as a prefix) to
 * `search.copper_simple`; the query is body AND (last OR raw). Absent parts match nothing extra.
 */
export interface TsQueryText {
  body?: string;
  last?: string;
  raw?: string;
}

/**
 * The three levels a hit is ranked by: `strict`, every word as typed (stemmed, accents folded, no
 * synonym); `noTypo`, synonyms and the prefix too; `all`, typo derivations too (what a hit must match).
 */
export interface CompiledQuery {
  strict: TsQueryText;
  noTypo: TsQueryText;
  all: TsQueryText;
}

// Words hold letters and digits only, so the quotes are belt and braces: nothing can end them.
const quoted = (word: string) => `'${word.replace(/['\\]/g, '')}'`;
const phraseText = (phrase: Phrase) => phrase.map(quoted).join(' <-> ');
const anyOf = (alternatives: string[]) => (alternatives.length > 0 ? `(${alternatives.join(' | ')})` : undefined);

function level(plan: QueryPlan, synonyms: boolean, prefixes: boolean, typos: boolean): TsQueryText {
  const body: string[] = [];
  const out: TsQueryText = {};
  for (const slot of plan.slots) {
    let exact = synonyms ? slot.exact : slot.exact.length > 0 ? [slot.typed] : [];
    // The prefix of the word being typed covers the word itself (both are stemmed alike).
    if (prefixes && slot.prefix) exact = exact.filter((phrase) => phrase.join(' ') !== slot.prefix);
    const alternatives = exact.map(phraseText);
    // A stop word being typed would be dropped by `search.copper`: it goes to `raw` below instead.
    if (prefixes && slot.prefix && slot.exact.length > 0) alternatives.push(`${quoted(slot.prefix)}:*`);
    if (typos) alternatives.push(...slot.typos.map(phraseText));
    const text = anyOf(alternatives);
    if (slot.prefix) {
      if (text) out.last = text;
      // Unstemmed, for a stop word being typed, which `search.copper` would drop ("the" → "theatre").
      if (prefixes && slot.exact.length === 0) out.raw = `${quoted(slot.prefix)}:*`;
    } else if (text) {
      body.push(text);
    }
  }
  if (body.length > 0) out.body = body.join(' & ');
  return out;
}

export function compileQuery(plan: QueryPlan): CompiledQuery {
  return {
    strict: level(plan, false, false, false),
    noTypo: level(plan, true, true, false),
    all: level(plan, true, true, true),
  };
}
