// The public site's profile: the artist's name, a statement and the prints the front page features.
// One row, versioned like every other; until the artist first saves it, visitors see a default.
import { InvalidValueError } from '@copper/catalogue';
import type { CatalogueStore, SiteProfileRow } from '../adapters/catalogue-store.ts';
import type { createCards } from './cards.ts';
import { RuleRefusedError, StaleVersionError } from './errors.ts';

export interface SiteProfile {
  artistName: string;
  statement: string;
  featuredArtworkIds: string[];
  /** 0 until the profile is first saved: the ETag `"v0"` is what a first save is based on. */
  version: number;
}

export const DEFAULT_SITE_PROFILE: SiteProfile = {
  artistName: 'The Artist',
  statement: '',
  featuredArtworkIds: [],
  version: 0,
};

const profileOf = (row: SiteProfileRow | undefined): SiteProfile =>
  row
    ? {
        artistName: row.artistName,
        statement: row.statement,
        featuredArtworkIds: row.featuredArtworkIds,
        version: row.version,
      }
    : DEFAULT_SITE_PROFILE;

export function createSite(store: CatalogueStore, cardsOf: ReturnType<typeof createCards>) {
  const site = {
    /** The profile with its featured prints as cards: published ones only, in the artist's order. */
    async publicProfile() {
      const profile = profileOf(await store.siteProfile());
      const published = new Map(
        (await store.publishedArtworksByIds(profile.featuredArtworkIds)).map((row) => [row.id, row]),
      );
      const featured = profile.featuredArtworkIds.flatMap((id) => {
        const row = published.get(id);
        return row ? [row] : [];
      });
      return { profile, featured: await cardsOf(featured) };
    },

    /**
     * Replaces the profile if it is still at `version`. Every featured id must name a published
     * artwork (a visitor could not see another), each refusal naming its place in the list.
     */
    async saveProfile(version: number, input: Omit<SiteProfile, 'version'>) {
      // UUIDs compare without case in PostgreSQL; stored and compared here in the database's lower case.
      const featuredArtworkIds = input.featuredArtworkIds.map((id) => id.toLowerCase());
      await store.transaction(async (tx) => {
        const current = profileOf(await store.siteProfile(tx));
        if (current.version !== version) throw new StaleVersionError('site profile');
        const published = new Set((await store.publishedArtworksByIds(featuredArtworkIds, tx)).map((row) => row.id));
        const refusals = featuredArtworkIds.flatMap((id, index) => {
          const field = `featuredArtworkIds.${index}`;
          if (featuredArtworkIds.indexOf(id) !== index) return [new InvalidValueError(field, 'is already in the list')];
          return published.has(id) ? [] : [new InvalidValueError(field, 'is not a published artwork')];
        });
        if (refusals.length > 0) throw new RuleRefusedError(refusals);
        const values = { ...input, featuredArtworkIds };
        const saved =
          version === 0
            ? await store.insertSiteProfile(values, tx)
            : await store.updateSiteProfile(version, values, tx);
        if (!saved) throw new StaleVersionError('site profile');
      });
      return site.publicProfile();
    },
  };
  return site;
}

export type Site = ReturnType<typeof createSite>;
