// The gallery's own words; the artist's name and statement are the artist's, from GET /v1/site.
export const SITE = {
  name: 'Copper Print Gallery',
  description: 'Etchings, aquatints and drypoints pulled by hand from copper plates, in small numbered editions.',
} as const;
