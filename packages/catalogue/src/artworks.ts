import { InvalidValueError, okUnless, type Result, refused, TransitionRefusedError } from './errors.ts';

export const ARTWORK_STATUSES = ['draft', 'published', 'archived'] as const;
export type ArtworkStatus = (typeof ARTWORK_STATUSES)[number];

export const TECHNIQUES = [
  'etching',
  'aquatint',
  'drypoint',
  'engraving',
  'mezzotint',
  'soft_ground',
  'sugar_lift',
  'chine_colle',
] as const;
export type Technique = (typeof TECHNIQUES)[number];

export interface Artwork {
  id: string;
  slug: string;
  title: string;
  year: number | null;
  techniques: Technique[];
  plateWidthMm: number | null;
  plateHeightMm: number | null;
  description: string;
  status: ArtworkStatus;
  publishedAt: Date | null;
}

export type ArtworkAction = 'publish' | 'unpublish' | 'archive' | 'restore';

// Only the published artwork is on show, so archiving retires a shown work and restoring brings it
// back as a draft, to be checked before it is shown again.
const MOVES: Record<ArtworkAction, { from: ArtworkStatus; to: ArtworkStatus }> = {
  publish: { from: 'draft', to: 'published' },
  unpublish: { from: 'published', to: 'draft' },
  archive: { from: 'published', to: 'archived' },
  restore: { from: 'archived', to: 'draft' },
};

/** What a transition needs to know about an artwork; `editionCount` comes from its editions. */
export interface ArtworkState {
  status: ArtworkStatus;
  title: string;
  editionCount: number;
}

export function transitionArtwork(current: ArtworkState, action: ArtworkAction): Result<ArtworkStatus> {
  const move = MOVES[action];
  if (current.status !== move.from) return refused([new TransitionRefusedError(current.status, action)]);
  const errors: InvalidValueError[] = [];
  if (action === 'publish') {
    if (current.title.trim() === '') errors.push(new InvalidValueError('title', 'a published artwork needs a title'));
    if (current.editionCount < 1) {
      errors.push(new InvalidValueError('editions', 'a published artwork needs at least one edition'));
    }
  }
  return okUnless(errors, move.to);
}

export const isVisibleToVisitors = (status: ArtworkStatus): boolean => status === 'published';
