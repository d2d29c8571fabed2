export * from './artworks.ts';
export * from './collections.ts';
export * from './editions.ts';
export * from './errors.ts';
export * from './impressions.ts';
export * from './slugs.ts';
