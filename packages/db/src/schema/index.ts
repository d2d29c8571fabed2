export * from './content.ts';
export * from './imaging.ts';
export * from './namespaces.ts';
