export * from './deep-zoom.ts';
export * from './errors.ts';
export { readIccProfile } from './icc.ts';
export * from './inspect.ts';
export * from './placeholder.ts';
export * from './renditions.ts';
export * from './types.ts';
