// Named shapes from the generated OpenAPI types, so pages never spell out `components['schemas'][…]`.
import type { components, paths } from './generated/openapi.ts';

export type { paths };

type Schemas = components['schemas'];
export type ArtworkCard = Schemas['ArtworkCard'];
export type CardImage = Schemas['CardImage'];
export type CollectionListItem = Schemas['CollectionListItem'];
export type Site = Schemas['Site'];
export type ArtworkDetail = Schemas['ArtworkDetail'];
export type ArtworkSummary = Schemas['ArtworkSummary'];
export type Edition = Schemas['Edition'];
export type Impression = Schemas['Impression'];
export type Media = Schemas['Media'];
export type Rendition = Schemas['Rendition'];
export type Money = Schemas['Money'];
export type SizeMm = Schemas['SizeMm'];
export type Technique = Schemas['Technique'];
export type Collection = Schemas['Collection'];
export type SearchHit = Schemas['SearchHit'];
export type SearchResults = Schemas['SearchResults'];
export type Problem = Schemas['Problem'];
