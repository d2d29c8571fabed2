export * from './content.ts';
export * from './namespaces.ts';
