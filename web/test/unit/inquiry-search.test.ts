import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../src/lib/inquiry.ts';
import { readListQuery } from '../../src/lib/query.ts';
import { readSearch, searchQueryString, toggled } from '../../src/lib/search.ts';

describe('inquiry errors', () => {
  it('puts each problem beside its field', () => {
    const errors = fieldErrors({
      errors: [
        { path: 'body.email', message: 'Invalid email address' },
        { path: 'body.message', message: 'Too small: expected string to have >=1 characters' },
        { path: 'body.artworkSlug', message: 'name the artwork' },
      ],
    });
    expect(Object.keys(errors).sort()).toEqual(['email', 'form', 'message']);
    expect(errors.message).toMatch(/message/i);
  });

  it('falls back to the problem’s detail', () => {
    expect(fieldErrors({ detail: 'Send the body as JSON.' })).toEqual({ form: 'Send the body as JSON.' });
  });
});

describe('list query', () => {
  it('drops what it cannot use and names it', () => {
    expect(readListQuery(new URLSearchParams('limit=abc&technique=nope&collection=Bad Slug&cursor=c1'))).toEqual({
      limit: 24,
      cursor: 'c1',
      ignored: ['limit', 'collection', 'technique'],
    });
    expect(readListQuery(new URLSearchParams('limit=12&technique=drypoint'))).toMatchObject({
      limit: 12,
      technique: 'drypoint',
      ignored: [],
    });
  });
});

describe('search state', () => {
  it('round-trips through the URL, facets repeated', () => {
    const state = readSearch(new URLSearchParams('q=harbour&technique=etching,drypoint&sort=newest&size=<x>'));
    expect(state.filters.technique).toEqual(['etching', 'drypoint']);
    expect(state.filters.size).toEqual([]);
    expect(searchQueryString(state)).toBe('?q=harbour&technique=etching&technique=drypoint&sort=newest');
    expect(searchQueryString(toggled(state, 'technique', 'etching'))).toBe('?q=harbour&technique=drypoint&sort=newest');
  });
});

describe('inquiry messages', () => {
  it('says what to do, in words for visitors', () => {
    expect(
      fieldErrors({
        errors: [
          { path: 'body.name', message: 'Too small: expected string to have >=1 characters' },
          { path: 'body.email', message: 'Invalid email address' },
          { path: 'body.message', message: 'Too big: expected string to have <=5000 characters' },
          { path: 'body.impressionId', message: 'Invalid UUID' },
        ],
      }),
    ).toEqual({
      name: 'Your name is needed.',
      email: 'Please give an email address like name@example.com.',
      message: 'Your message is too long: at most 5,000 characters.',
      impressionId: 'Please choose an impression from the list.',
    });
  });
});
