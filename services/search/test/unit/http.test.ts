import { apiGatewayEvent } from '@copper/http/testing';
import { describe, expect, it } from 'vitest';
import { queryParameters, SearchQuery } from '../../src/http/schemas.ts';

describe('queryParameters', () => {
  it('gathers list parameters from repeats and comma lists, dropping empty values', () => {
    const event = apiGatewayEvent({
      queryStringParameters: { technique: 'drypoint', q: 'fog', size: '' },
      multiValueQueryStringParameters: { technique: ['etching, aquatint', 'drypoint'], q: ['fog'], size: [''] },
    });
    expect(queryParameters(event)).toEqual({ technique: ['etching', 'aquatint', 'drypoint'], q: 'fog', size: [] });
  });

  it('keeps every value of a repeated single parameter, for its schema to refuse', () => {
    const event = apiGatewayEvent({ multiValueQueryStringParameters: { sort: ['newest', 'price_asc'] } });
    expect(queryParameters(event)).toEqual({ sort: ['newest', 'price_asc'] });
    expect(SearchQuery.safeParse(queryParameters(event)).success).toBe(false);
  });

  it('reads events without multi-value parameters', () => {
    expect(queryParameters(apiGatewayEvent({ queryStringParameters: { collection: 'a,b' } }))).toEqual({
      collection: ['a', 'b'],
    });
    expect(queryParameters(apiGatewayEvent())).toEqual({});
  });
});

describe('SearchQuery', () => {
  it('defaults to browsing by relevance, 20 at a time, and keeps q as typed', () => {
    expect(SearchQuery.parse({ q: 'harb ' })).toEqual({
      q: 'harb ',
      technique: [],
      collection: [],
      availability: [],
      size: [],
      sort: 'relevance',
      limit: 20,
    });
  });

  it('reads whole numbers only', () => {
    expect(SearchQuery.parse({ yearFrom: '1990', priceTo: '40000', limit: '50' })).toMatchObject({
      yearFrom: 1990,
      priceTo: 40000,
      limit: 50,
    });
    for (const limit of ['', ' 5', '5 ', '0x10', '1e1', '2.0', '-3', '51']) {
      expect(SearchQuery.safeParse({ limit }).success).toBe(false);
    }
  });
});
