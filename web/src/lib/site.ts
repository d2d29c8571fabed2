// The gallery's own words until GET /v1/site serves the artist's (then the front page reads those).
export const SITE = {
  name: 'Copper Print Gallery',
  artistName: 'The printmaker',
  description: 'Etchings, aquatints and drypoints pulled by hand from copper plates, in small numbered editions.',
  statement:
    'Each print here began as a copper plate: drawn through a ground and bitten in acid, scraped and burnished, or scored directly with a needle. The plate is inked by hand, wiped, and run through the press onto damp paper, one impression at a time. Editions are small and numbered; when they are gone, they are gone.',
} as const;
