// Typo tolerance by Meilisearch's rules: how many typos a query word may carry depends on its length
// (0 below 5 characters, 1 from 5, 2 from 9), a typo is one Damerau-Levenshtein edit (a swap of two
// neighbouring letters is one typo) and a typo on the first letter counts as two.
import { isNumber } from './text.ts';

export const ONE_TYPO_FROM = 5;
export const TWO_TYPOS_FROM = 9;

/** Typos allowed in a query word; numbers allow none ("1923" never finds "1924"). */
export function typoBudget(word: string): 0 | 1 | 2 {
  if (isNumber(word)) return 0;
  const length = [...word].length;
  if (length >= TWO_TYPOS_FROM) return 2;
  if (length >= ONE_TYPO_FROM) return 1;
  return 0;
}

/**
 * Optimal string alignment distance (Damerau-Levenshtein without re-edited substrings), by code
 * point, giving up above `max`: the result is then `max + 1`.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        value = Math.min(value, (beforePrevious[j - 2] ?? 0) + 1);
      }
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  return Math.min(previous[t.length] ?? 0, max + 1);
}

/** Typos between a query word and a vocabulary term, a first-letter typo counting twice. */
export function typoCount(word: string, term: string, max = 2): number {
  const distance = editDistance(word, term, max);
  if (distance === 0 || distance > max) return distance;
  const first = [...word][0] !== [...term][0];
  return Math.min(distance + (first ? 1 : 0), max + 1);
}

/**
 * Typos between a word being typed and the start of a term: "harbpu" is one typo from the start of
 * "harbour". The start may be a letter shorter or longer than the word (a missed or doubled key).
 */
export function prefixTypoCount(word: string, term: string, max = 2): number {
  const w = [...word];
  const t = [...term];
  let best = max + 1;
  for (let length = Math.max(1, w.length - max); length <= Math.min(t.length, w.length + max); length++) {
    best = Math.min(best, typoCount(word, t.slice(0, length).join(''), max));
    if (best === 0) break;
  }
  return best;
}
