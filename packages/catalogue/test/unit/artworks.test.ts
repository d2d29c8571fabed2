import { describe, expect, it } from 'vitest';
import { type ArtworkState, isVisibleToVisitors, transitionArtwork } from '../../src/artworks.ts';
import { TransitionRefusedError } from '../../src/errors.ts';
import { accepted, refusals, refusedFields } from './results.ts';

const draft: ArtworkState = { status: 'draft', title: 'Hafen im Nebel', editionCount: 1 };

describe('transitionArtwork', () => {
  it('publishes a titled draft with an edition', () => {
    expect(accepted(transitionArtwork(draft, 'publish'))).toBe('published');
  });

  it('refuses to publish without a title or an edition, naming both', () => {
    const result = transitionArtwork({ status: 'draft', title: '  ', editionCount: 0 }, 'publish');
    expect(refusedFields(result)).toEqual([
      ['InvalidValueError', 'title'],
      ['InvalidValueError', 'editions'],
    ]);
  });

  it('refuses to publish a draft that only lacks an edition', () => {
    expect(refusedFields(transitionArtwork({ ...draft, editionCount: 0 }, 'publish'))).toEqual([
      ['InvalidValueError', 'editions'],
    ]);
  });

  it('unpublishes back to draft, archives a published work and restores it as a draft', () => {
    expect(accepted(transitionArtwork({ ...draft, status: 'published' }, 'unpublish'))).toBe('draft');
    expect(accepted(transitionArtwork({ ...draft, status: 'published' }, 'archive'))).toBe('archived');
    expect(accepted(transitionArtwork({ ...draft, status: 'archived' }, 'restore'))).toBe('draft');
  });

  it.each([
    ['published', 'publish'],
    ['archived', 'publish'],
    ['draft', 'unpublish'],
    ['archived', 'unpublish'],
    ['draft', 'archive'],
    ['archived', 'archive'],
    ['draft', 'restore'],
    ['published', 'restore'],
  ] as const)('refuses to %s → %s on the status field', (status, action) => {
    const [error] = refusals(transitionArtwork({ ...draft, status }, action));
    expect(error).toBeInstanceOf(TransitionRefusedError);
    expect(error).toMatchObject({ field: 'status', from: status, action });
  });

  it('checks the status before the publishing requirements', () => {
    const result = transitionArtwork({ status: 'archived', title: '', editionCount: 0 }, 'publish');
    expect(refusedFields(result)).toEqual([['TransitionRefusedError', 'status']]);
  });
});

describe('isVisibleToVisitors', () => {
  it('shows only published artworks', () => {
    expect(isVisibleToVisitors('published')).toBe(true);
    expect(isVisibleToVisitors('draft')).toBe(false);
    expect(isVisibleToVisitors('archived')).toBe(false);
  });
});
