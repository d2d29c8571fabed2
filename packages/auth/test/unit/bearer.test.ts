import { describe, expect, it } from 'vitest';
import { permissionsOf, readBearerToken } from '../../src/verifier.ts';

const JWT_SHAPED = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl';

describe('readBearerToken', () => {
  it.each([undefined, '', '   '])('calls %j a missing token', (header) => {
    expect(readBearerToken(header)).toMatchObject({ ok: false, reason: 'missing', status: 401 });
  });

  it.each([`Bearer ${JWT_SHAPED}`, `bearer ${JWT_SHAPED}`, `BEARER  ${JWT_SHAPED}`, `  Bearer ${JWT_SHAPED}  `])(
    'reads the token from %j',
    (header) => {
      expect(readBearerToken(header)).toEqual({ ok: true, token: JWT_SHAPED });
    },
  );

  it.each([
    ['another scheme', `Basic ${JWT_SHAPED}`],
    ['no scheme', JWT_SHAPED],
    ['a scheme only', 'Bearer'],
    ['two tokens', `Bearer ${JWT_SHAPED} ${JWT_SHAPED}`],
    ['two headers combined', `Bearer ${JWT_SHAPED}, Bearer ${JWT_SHAPED}`],
    ['characters no token has', 'Bearer <script>'],
    ['the scheme glued to the token', `Bearer${JWT_SHAPED}`],
  ])('calls %s malformed', (_name, header) => {
    expect(readBearerToken(header)).toMatchObject({ ok: false, reason: 'malformed', status: 401 });
  });
});

describe('permissionsOf', () => {
  it('merges the RBAC permissions claim with the OAuth scope, once each', () => {
    expect(permissionsOf({ permissions: ['manage:catalogue', 'read:jobs'], scope: 'openid  read:jobs' })).toEqual([
      'manage:catalogue',
      'read:jobs',
      'openid',
    ]);
  });

  it('ignores claims of the wrong shape rather than trusting them', () => {
    expect(permissionsOf({ permissions: 'manage:catalogue', scope: ['manage:catalogue'] })).toEqual([]);
    expect(permissionsOf({ permissions: ['manage:catalogue', 42, null, ''] })).toEqual(['manage:catalogue']);
  });
});
