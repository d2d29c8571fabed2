// The few synonyms a printmaker's catalogue needs: British and American spellings and the
// techniques written as one word or two. Each group is searched as any of its members, both ways:
// "harbor" finds "harbour", "dry point" finds "drypoint" and "drypoint" finds "dry point".
import { words } from './text.ts';

export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['harbour', 'harbor'],
  ['grey', 'gray'],
  ['colour', 'color'],
  ['centre', 'center'],
  ['drypoint', 'dry point'],
  ['aquatint', 'aqua tint'],
  ['mezzotint', 'mezzo tint'],
  ['soft ground', 'softground'],
  ['sugar lift', 'sugarlift'],
  ['chine colle', 'chinecolle'],
];

/** A phrase is one or more words that must follow each other in the document. */
export type Phrase = readonly string[];

const GROUPS = new Map<string, Phrase[]>();
for (const group of SYNONYM_GROUPS) {
  const phrases = group.map((member) => words(member));
  for (const phrase of phrases) GROUPS.set(phrase.join(' '), phrases);
}

/** Longest synonym key, in words: a query is scanned for keys of up to this many words. */
export const LONGEST_SYNONYM = Math.max(...[...GROUPS.keys()].map((key) => key.split(' ').length));

/**
 * Every phrase the words mean, themselves first; undefined when they are no synonym key. A plural
 * finds its group through its singular ("harbors" → harbour, harbor), as stemming would.
 */
export function synonymsOf(phrase: Phrase): Phrase[] | undefined {
  const key = phrase.join(' ');
  const group = GROUPS.get(key) ?? (key.endsWith('s') ? GROUPS.get(key.slice(0, -1)) : undefined);
  if (!group) return undefined;
  return [phrase, ...group.filter((member) => member.join(' ') !== key)];
}
