import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { GENERATED_PATH, generateApiTypes } from '../../src/lib/api/generate.ts';

// The client's types are committed; this fails when the API's document (built from the same zod
// schemas the handlers parse with, and served at /v1/openapi.json) has moved on without them.
describe('generated API types', () => {
  it('match the OpenAPI document the API serves', async () => {
    const committed = await readFile(GENERATED_PATH, 'utf8');
    expect(
      committed === (await generateApiTypes()),
      'web/src/lib/api/generated/openapi.ts is stale: run `pnpm --filter @copper/web api:types`',
    ).toBe(true);
  }, 60_000);
});
