import { type DatabaseSource, lazyDatabase as lazy } from '@copper/db/lambda';

export const lazyDatabase = (source: DatabaseSource) => lazy(source, 'copper-content');
