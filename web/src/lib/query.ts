// Reading a page's query string leniently: a value the gallery cannot use is dropped and named,
// so a mistyped or stale link still shows a page, with a note, instead of an error.

import type { Technique } from './api/types.ts';
import { isTechnique } from './catalogue.ts';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface ListQuery {
  limit: number;
  cursor?: string;
  collection?: string;
  technique?: Technique;
  ignored: string[];
}

export const DEFAULT_LIMIT = 24;

export function readListQuery(params: URLSearchParams): ListQuery {
  const out: ListQuery = { limit: DEFAULT_LIMIT, ignored: [] };
  const limit = params.get('limit');
  if (limit !== null) {
    const value = Number(limit);
    if (/^\d{1,3}$/.test(limit) && value >= 1 && value <= 100) out.limit = value;
    else out.ignored.push('limit');
  }
  const cursor = params.get('cursor');
  if (cursor) {
    if (cursor.length <= 200) out.cursor = cursor;
    else out.ignored.push('cursor');
  }
  const collection = params.get('collection');
  if (collection) {
    if (collection.length <= 80 && SLUG.test(collection)) out.collection = collection;
    else out.ignored.push('collection');
  }
  const technique = params.get('technique');
  if (technique) {
    if (isTechnique(technique)) out.technique = technique;
    else out.ignored.push('technique');
  }
  return out;
}

/** A query string from the values that are set, in a stable order. */
export function queryString(values: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
