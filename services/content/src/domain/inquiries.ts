import { InvalidValueError, isVisibleToVisitors } from '@copper/catalogue';
import type { CatalogueStore } from '../adapters/catalogue-store.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { RuleRefusedError } from './errors.ts';

export interface InquiryInput {
  name: string;
  email: string;
  message: string;
  artworkSlug?: string | undefined;
  impressionId?: string | undefined;
  website?: string | undefined;
}

const refuse = (field: string, message: string) => new RuleRefusedError([new InvalidValueError(field, message)]);

export function createInquiries(store: CatalogueStore) {
  return {
    /**
     * Stores a visitor's inquiry about a published artwork or one of its impressions.
     * Returns false for a filled honeypot: the bot is told it worked and nothing is stored.
     */
    async submit(input: InquiryInput): Promise<{ stored: boolean; id?: string }> {
      if (input.website && input.website.trim() !== '') return { stored: false };
      let artworkId: string | undefined;
      if (input.artworkSlug) {
        const artwork = await store.artworkBySlug(input.artworkSlug);
        if (!artwork || !isVisibleToVisitors(artwork.status)) throw refuse('artworkSlug', 'is not an artwork on show');
        artworkId = artwork.id;
      }
      if (input.impressionId) {
        const impression = await store.impressionById(input.impressionId);
        const edition = impression ? await store.editionById(impression.editionId) : undefined;
        const artwork = edition ? await store.artworkById(edition.artworkId) : undefined;
        if (!artwork || !isVisibleToVisitors(artwork.status))
          throw refuse('impressionId', 'is not an impression on show');
        if (artworkId && artworkId !== artwork.id) throw refuse('impressionId', 'belongs to another artwork');
        artworkId = artwork.id;
      }
      const row = await store.insertInquiry({
        name: input.name,
        email: input.email,
        message: input.message,
        artworkId: artworkId ?? null,
        impressionId: input.impressionId ?? null,
      });
      return { stored: true, id: row.id };
    },

    async page(query: { limit: number; cursor?: string | undefined }) {
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (query.cursor !== undefined && !after) throw refuse('cursor', 'is not a cursor this API gave out');
      const page = await store.listInquiries(query.limit, after ? { createdAt: after.at, id: after.id } : undefined);
      const last = page.rows.at(-1);
      return { items: page.rows, nextCursor: page.more && last ? encodeCursor(last.createdAt, last.id) : null };
    },
  };
}

export type Inquiries = ReturnType<typeof createInquiries>;
