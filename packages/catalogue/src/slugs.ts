import { InvalidValueError, ok, type Result, refused } from './errors.ts';

export const SLUG_MAX_LENGTH = 80;
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const FALLBACK_SLUG = 'untitled';
// A buggy `taken` that answers true forever must fail loudly, not hang a Lambda until its timeout.
const MAX_SUFFIX = 10_000;

// Letters NFKD keeps whole, because they are letters of their own rather than a base letter plus a mark.
const FOLDS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** `Hafen im Nebel — Étude №2` → `hafen-im-nebel-etude-no2`; never empty, never longer than 80. */
export function slugify(title: string): string {
  const slug = title
    // Decompose first: NFKD turns № into a capital N, and ligatures and full-width letters into plain ones.
    .normalize('NFKD')
    .toLowerCase()
    .replace(/\p{M}/gu, '')
    .replace(/[ßæœøłđðþı]/g, (letter) => FOLDS[letter] ?? '')
    // "Artist's Proof" reads better as artists-proof than artist-s-proof.
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return cutAtWord(slug, SLUG_MAX_LENGTH) || FALLBACK_SLUG;
}

function cutAtWord(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const lastHyphen = slug.slice(0, max + 1).lastIndexOf('-');
  // One word longer than the limit has no boundary to cut at.
  return lastHyphen > 0 ? slug.slice(0, lastHyphen) : slug.slice(0, max);
}

/** `base` if free, else `base-2`, `base-3`…, shortened so the suffix still fits in 80 characters. */
export function uniqueSlug(base: string, taken: (slug: string) => boolean): string {
  // slugify leaves a valid slug unchanged and repairs anything else, so callers may pass a raw title.
  const root = slugify(base);
  if (!taken(root)) return root;
  for (let n = 2; n <= MAX_SUFFIX; n++) {
    const suffix = `-${n}`;
    const candidate = `${cutAtWord(root, SLUG_MAX_LENGTH - suffix.length)}${suffix}`;
    if (!taken(candidate)) return candidate;
  }
  throw new RangeError(`no free slug for "${root}" after ${MAX_SUFFIX} attempts`);
}

/** For a slug the artist typed: refused rather than repaired, so the stored URL is the one they chose. */
export function checkSlug(slug: string, field = 'slug'): Result<string> {
  if (slug.length === 0) return refused([new InvalidValueError(field, 'must not be empty')]);
  if (slug.length > SLUG_MAX_LENGTH) {
    return refused([new InvalidValueError(field, `must be at most ${SLUG_MAX_LENGTH} characters`)]);
  }
  if (!SLUG_PATTERN.test(slug)) {
    return refused([
      new InvalidValueError(field, 'may hold only lowercase letters and digits, with single hyphens between words'),
    ]);
  }
  return ok(slug);
}
