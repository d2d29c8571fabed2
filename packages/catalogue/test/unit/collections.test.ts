import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reorder } from '../../src/collections.ts';
import { NotAPermutationError } from '../../src/errors.ts';
import { accepted, refusals } from './results.ts';

const current = ['hafen', 'mole', 'nebel'];

describe('reorder', () => {
  it('gives each id its index as position', () => {
    expect(accepted(reorder(current, ['nebel', 'hafen', 'mole']))).toEqual([
      { id: 'nebel', position: 0 },
      { id: 'hafen', position: 1 },
      { id: 'mole', position: 2 },
    ]);
  });

  it('accepts an empty collection reordered as empty', () => {
    expect(accepted(reorder([], []))).toEqual([]);
  });

  it('names missing, unknown and repeated ids in one refusal on artworkIds', () => {
    const [error, ...rest] = refusals(reorder(current, ['nebel', 'nebel', 'leuchtturm']));
    expect(rest).toEqual([]);
    expect(error).toBeInstanceOf(NotAPermutationError);
    expect(error).toMatchObject({
      field: 'artworkIds',
      missing: ['hafen', 'mole'],
      unknown: ['leuchtturm'],
      duplicates: ['nebel'],
    });
    expect(error?.message).toBe(
      'must list every current id exactly once: missing hafen, mole; unknown leuchtturm; repeated nebel',
    );
  });

  it.each([
    ['a missing id', ['hafen', 'mole'], { missing: ['nebel'], unknown: [], duplicates: [] }],
    ['an unknown id', [...current, 'leuchtturm'], { missing: [], unknown: ['leuchtturm'], duplicates: [] }],
    ['a repeated id', [...current, 'mole'], { missing: [], unknown: [], duplicates: ['mole'] }],
  ])('refuses %s alone', (_, requested, ids) => {
    expect(refusals(reorder(current, requested))[0]).toMatchObject(ids);
  });

  it('names the field it is given, for reordering collections themselves', () => {
    expect(refusals(reorder(current, []))[0]?.field).toBe('artworkIds');
    expect(refusals(reorder(current, [], 'collectionIds'))[0]?.field).toBe('collectionIds');
  });

  it('accepts any permutation of the current ids, in the requested order', () => {
    const ids = fc.uniqueArray(fc.uuid(), { maxLength: 40 });
    const idsAndPermutation = ids.chain((list) =>
      fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }).map((p) => [list, p] as const),
    );
    fc.assert(
      fc.property(idsAndPermutation, ([list, permutation]) => {
        const placements = accepted(reorder(list, permutation));
        expect(placements.map((p) => p.id)).toEqual(permutation);
        expect(placements.map((p) => p.position)).toEqual(permutation.map((_, i) => i));
      }),
    );
  });

  it('refuses any request that drops an id', () => {
    const ids = fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(
        ids.chain((list) => fc.nat(list.length - 1).map((drop) => [list, drop] as const)),
        ([list, drop]) => {
          const requested = list.filter((_, i) => i !== drop);
          expect(refusals(reorder(list, requested))[0]).toMatchObject({ missing: [list[drop]] });
        },
      ),
    );
  });
});
