// Clients created once per container, at module scope, and shared by this service's handlers.
// The database connects on first use, so the health route never waits for it.
import { lazyDatabase } from '@copper/db/lambda';
import { createLogger } from '@copper/http';
import { ConfigError } from '@copper/http/env';
import { readParameter } from './adapters/parameters.ts';
import { createSearchStore } from './adapters/search-store.ts';
import type { SearchPort } from './domain/ports.ts';
import { createSearch, type Search } from './domain/search.ts';
import { env, LOCAL_MEDIA_BASE_URL, MediaBaseUrl } from './env.ts';

export const logger = createLogger('search', env.LOG_LEVEL);
export const database = lazyDatabase(env, 'copper-search');
export const stack = { logger, corsOrigins: env.CORS_ORIGINS, strictTransportSecurity: !env.IS_OFFLINE };
export { env };

/** Retries a failed first connection on the next call instead of caching the failure. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= make().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/** The read model behind the search port: the queries use it, and so do the event consumers. */
export const useSearchStore = once(async (): Promise<SearchPort> => createSearchStore((await database.get()).db));

export const useSearch = once(async (): Promise<Search> => createSearch(await useSearchStore()));

let mediaBase: Promise<string> | undefined;
/**
 * The base of the thumbnail URLs. Looked up once per container and only when a page shows media,
 * so a page without any never waits on SSM; a failed lookup is not kept.
 */
export function mediaBaseUrl(): Promise<string> {
  mediaBase ??= (async () => {
    if (env.MEDIA_BASE_URL) return env.MEDIA_BASE_URL;
    if (!env.MEDIA_BASE_URL_PARAMETER) return LOCAL_MEDIA_BASE_URL;
    const name = env.MEDIA_BASE_URL_PARAMETER;
    const parsed = MediaBaseUrl.safeParse(await readParameter(name));
    if (!parsed.success) throw new ConfigError(`SSM parameter ${name} is not a URL`, { cause: parsed.error });
    return parsed.data;
  })();
  mediaBase.catch(() => {
    mediaBase = undefined;
  });
  return mediaBase;
}
