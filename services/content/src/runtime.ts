// Clients created once per container, at module scope, and shared by this service's handlers.
import { createLogger } from '@copper/http';
import { createCatalogueStore } from './adapters/catalogue-store.ts';
import { lazyDatabase } from './adapters/database.ts';
import { type Catalogue, createCatalogue } from './domain/catalogue.ts';
import { createInquiries, type Inquiries } from './domain/inquiries.ts';
import { env } from './env.ts';

export const logger = createLogger('content', env.LOG_LEVEL);
export const database = lazyDatabase(env);
export const stack = { logger, corsOrigins: env.CORS_ORIGINS };
export { env };

interface UseCases {
  catalogue: Catalogue;
  inquiries: Inquiries;
}
let useCases: Promise<UseCases> | undefined;
/** The use cases over this container's database connection, made on first use. */
function use(): Promise<UseCases> {
  useCases ??= database.get().then((handle) => {
    const store = createCatalogueStore(handle.db);
    return { catalogue: createCatalogue(store), inquiries: createInquiries(store) };
  });
  useCases.catch(() => {
    useCases = undefined;
  });
  return useCases;
}
export const useCatalogue = async () => (await use()).catalogue;
export const useInquiries = async () => (await use()).inquiries;
