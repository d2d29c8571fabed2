export * from './content.ts';
export * from './imaging.ts';
export * from './namespaces.ts';
export * from './search.ts';
